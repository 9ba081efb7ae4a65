// Russian and Kazakh (Cyrillic): the public board's labels (i18n.BOARD_KEYS),
// for the travellers of Khorgos. Staff screens stay in Chinese and English.
import type { Key } from "./en";

type BoardLabels = Partial<Record<Key, string>>;

export const ru: BoardLabels = {
  boardTitle: "Время ожидания",
  entry: "Въезд",
  exit: "Выезд",
  about: "около {n} мин",
  noLane: "закрыто",
  whereToQueue: "Куда встать в очередь",
  orEgates: "или автоматические проходы: сейчас быстрее",
  egatesAvailable: "Открыто автоматических проходов: {open} из {total}",
  staleSince: "Данные не обновлялись с {time}",
  onYourPhone: "Время ожидания на вашем телефоне",
  ok: "в норме",
  warning: "внимание",
  breach: "более 30 мин",
  min: "мин",
  lanesOpenN: "открыто: {n}",
  noWait: "без ожидания",
};

export const kk: BoardLabels = {
  boardTitle: "Күту уақыты",
  entry: "Кіру",
  exit: "Шығу",
  about: "шамамен {n} мин",
  noLane: "жабық",
  whereToQueue: "Қай кезекке тұру керек",
  orEgates: "немесе автоматты өткелдер: қазір жылдамырақ",
  egatesAvailable: "Ашық автоматты өткелдер: {total} ішінен {open}",
  staleSince: "Деректер {time} бастап жаңартылмаған",
  onYourPhone: "Күту уақыты телефоныңызда",
  ok: "қалыпты",
  warning: "назар аударыңыз",
  breach: "30 минуттан астам",
  min: "мин",
  lanesOpenN: "ашық: {n}",
  noWait: "күтусіз",
};
