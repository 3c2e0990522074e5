#!/bin/sh
# Installs what sp-e2e's tests need on Debian (run as root; CI=true fails the tests without them).
# Keycloak also needs a JDK >= 21: JAVA_HOME, the JVM running Maven, or one under /usr/lib/jvm.
set -eu
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium chromium-driver python3-flask
