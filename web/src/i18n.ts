// Every label in both languages. Keys are stable ids used by data-i18n attributes.
export type Lang = "en" | "zh";

const en = {
  title: "borderflow — command centre",
  boardTitle: "Waiting times",
  travellersToday: "Travellers today",
  entry: "Entry",
  exit: "Exit",
  clearedLastHour: "Cleared in the last hour",
  worstWait: "Worst wait now",
  standard: "standard",
  withinStandard: "Within {min} min today",
  lanesOpen: "Lanes open",
  manual: "Manual desks",
  egate: "E-gates",
  clearancesChart: "Clearances per 15 minutes today",
  waitChart: "Estimated wait per queue (min)",
  categoriesChart: "Traveller categories today",
  kindChart: "E-gate vs manual (cleared today)",
  queues: "Queues",
  queue: "Queue",
  length: "Length",
  estWait: "Est. wait",
  trend: "Trend",
  state: "State",
  lanes: "Lanes",
  lane: "Lane",
  officer: "Officer",
  perHour: "Per hour",
  meanService: "Mean service",
  open: "Open",
  close: "Close",
  isOpen: "open",
  isClosed: "closed",
  alerts: "Alerts",
  noAlerts: "No active alerts",
  reports: "Reports",
  live: "Live",
  period: "Period",
  day: "Day",
  month: "Month",
  year: "Year",
  show: "Show",
  exportCsv: "Export CSV",
  total: "Total",
  arrivals: "Arrivals",
  cleared: "Cleared",
  referred: "Referred",
  refused: "Refused",
  meanWait: "Mean wait",
  maxWait: "Longest wait",
  ok: "on time",
  warning: "warning",
  breach: "over 30 min",
  about: "about {n} min",
  noLane: "closed",
  joinQueue: "{cat}: queue {queue}",
  orEgate: "or the e-gates ({queue})",
  egatesAvailable: "E-gates open: {open} of {total}",
  merchant: "Park merchants",
  first_time: "First-time travellers",
  repeat: "Repeat travellers",
  general: "General",
  min: "min",
  connected: "live",
  reconnecting: "reconnecting…",
  language: "中文",
  plan: "plan",
  needToken: "Open this page with the token the server printed (…/#token=…).",
  lanesReport: "Throughput per lane and officer",
  alertWait: "queue {queue}: wait about {min} min (standard {std})",
  alertIdle: "lane {lane} idle for {min} min while people wait",
  alertSilent: "lane {lane} silent for {min} min: device down?",
  services: "Services",
  yesterday: "yesterday",
  forecast: "twin forecast",
  planWait: "plan: predicted p95, worst queue",
  twin: "Twin: ",
  adviceTitle: "Twin's advice for the whole hall",
  applyAdvice: "Apply: {n} lane commands",
  adviceApplied: "Sent {n} lane commands.",
  adviceForbidden: "Refused: applying advice needs a supervisor's token.",
  withAdvice: "with advice",
  withinOf: "of {n} served and {m} still waiting (counted by their estimated wait)",
  inProgress: "quarter-hour in progress",
  inProgressNote: "○ hollow: the quarter-hour still under way",
  waitedP95: "Waited (p95, 15 min)",
  trackNone: "Twin's record: no prediction scored yet",
  trackHead: "Twin's record, last 24 h (actual − predicted p95 wait):",
  trackLine: "{h} min ahead: median {bias} min, mean absolute {mae} min, {n} predictions",
  trackAhead: "{h} min ahead",
  trackAxis: "twin off by (mean), min",
} as const;

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title: "borderflow — 指挥中心",
  boardTitle: "候检时间",
  travellersToday: "今日旅客",
  entry: "入境",
  exit: "出境",
  clearedLastHour: "近一小时通关",
  worstWait: "当前最长等候",
  standard: "标准",
  withinStandard: "今日{min}分钟内通关",
  lanesOpen: "开放通道",
  manual: "人工验放台",
  egate: "自助通道",
  clearancesChart: "今日每15分钟通关量",
  waitChart: "各队列预计等候（分钟）",
  categoriesChart: "今日旅客类别",
  kindChart: "自助与人工（今日通关）",
  queues: "队列",
  queue: "队列",
  length: "人数",
  estWait: "预计等候",
  trend: "趋势",
  state: "状态",
  lanes: "通道",
  lane: "通道",
  officer: "检查员",
  perHour: "每小时",
  meanService: "平均办理",
  open: "开启",
  close: "关闭",
  isOpen: "开放",
  isClosed: "关闭",
  alerts: "告警",
  noAlerts: "无告警",
  reports: "报表",
  live: "实时",
  period: "时段",
  day: "日",
  month: "月",
  year: "年",
  show: "查询",
  exportCsv: "导出CSV",
  total: "合计",
  arrivals: "到达",
  cleared: "通关",
  referred: "移交",
  refused: "拒绝",
  meanWait: "平均等候",
  maxWait: "最长等候",
  ok: "正常",
  warning: "预警",
  breach: "超过30分钟",
  about: "约{n}分钟",
  noLane: "未开放",
  joinQueue: "{cat}：{queue}队列",
  orEgate: "或自助通道（{queue}）",
  egatesAvailable: "自助通道开放：{open}/{total}",
  merchant: "园区商户",
  first_time: "首次出入境旅客",
  repeat: "多次出入境旅客",
  general: "其他旅客",
  min: "分钟",
  connected: "实时",
  reconnecting: "重新连接…",
  language: "English",
  plan: "计划",
  needToken: "请使用服务器输出的令牌打开本页（…/#token=…）。",
  lanesReport: "各通道及检查员验放量",
  alertWait: "{queue}队列：预计等候约{min}分钟（标准{std}分钟）",
  alertIdle: "{lane}通道空闲{min}分钟，仍有旅客等候",
  alertSilent: "{lane}通道已{min}分钟无数据：设备故障？",
  services: "办理",
  yesterday: "昨日",
  forecast: "孪生预测",
  planWait: "计划：预测P95（最差队列）",
  twin: "孪生预测：",
  adviceTitle: "孪生系统全厅建议",
  applyAdvice: "执行：{n} 条通道指令",
  adviceApplied: "已发出 {n} 条通道指令。",
  adviceForbidden: "被拒绝：执行建议需要值班主管的令牌。",
  withAdvice: "采纳建议后",
  withinOf: "已通关{n}人及仍在排队{m}人（按预计等候计）",
  inProgress: "进行中的一刻钟",
  inProgressNote: "○ 空心点：尚未结束的一刻钟",
  waitedP95: "已等候（p95，15分钟）",
  trackNone: "孪生预测记录：尚无可评分的预测",
  trackHead: "孪生预测记录（近24小时，实际减预测P95等候）：",
  trackLine: "提前{h}分钟：中位数{bias}分钟，平均绝对误差{mae}分钟，共{n}次",
  trackAhead: "提前{h}分钟",
  trackAxis: "孪生预测平均误差（分钟）",
};

const dicts: Record<Lang, Record<Key, string>> = { en, zh };

let lang: Lang = "en";

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
}

/** The label for `key`, with `{name}` placeholders filled in. */
export function t(key: Key, vars: Record<string, string | number> = {}, l: Lang = lang): string {
  let s = dicts[l][key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** Whether `s` names a label. */
export function isKey(s: string): s is Key {
  return s in en;
}

/** Every key, for tests: both languages must have all of them. */
export function keys(): Key[] {
  return Object.keys(en) as Key[];
}

/** Relabels every element with a data-i18n attribute. */
export function applyI18n(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    const k = el.dataset.i18n!;
    if (isKey(k)) el.textContent = t(k);
  });
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}
