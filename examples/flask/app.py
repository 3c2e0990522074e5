#!/usr/bin/env python3
"""A small Flask backend that shows the identity spgate asserts in request headers.

``/`` is public (spgate route ``auth: optional``) and says who is signed in, if anyone.
``/login`` is the protected page (``auth: required``): it lists the user's identity headers.
``/headers`` dumps every header the backend received, as JSON.

It trusts these headers only because spgate strips any client-sent copies before it proxies;
never expose this backend except behind spgate.
"""

import argparse
import os

from flask import Flask, jsonify, render_template_string, request

# Headers spgate sets from the attribute map (Shibboleth's default ids) plus Remote-User.
IDENTITY_HEADERS = [
    "Remote-User",
    "eppn",
    "mail",
    "displayName",
    "givenName",
    "sn",
    "uid",
    "entitlement",
    "affiliation",
    "unscoped-affiliation",
    "persistent-id",
    "Shib-Session-ID",
    "Shib-Identity-Provider",
    "Shib-Authentication-Instant",
]
MULTI_VALUED = {"entitlement", "affiliation", "unscoped-affiliation", "groups", "member", "role"}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:.2em .5em;
vertical-align:top;text-align:left}table{border-collapse:collapse}</style></head>
<body>
<h1>{{ title }}</h1>
{% if user %}<p id="user">Signed in as <strong>{{ user }}</strong>{% if name %}
 ({{ name }}){% endif %}</p>
{% else %}<p id="user">not signed in</p>{% endif %}
{% if rows %}<table id="identity"><tr><th>header</th><th>values</th></tr>
{% for name, values in rows %}<tr><td>{{ name }}</td><td>
<ul>{% for v in values %}<li>{{ v }}</li>{% endfor %}</ul></td></tr>{% endfor %}
</table>{% endif %}
<p><a href="/">home</a> · <a href="/login">login</a> ·
<a href="/Shibboleth.sso/Logout">logout</a></p>
</body></html>
"""

app = Flask(__name__)
APP_NAME = os.environ.get("FLASK_APP_NAME", "")


@app.after_request
def name_the_app(response):
    # Several copies behind one spgate (a portal) say which of them answered.
    if APP_NAME:
        response.headers["X-Example-App"] = APP_NAME
    return response


def header(name):
    """The header's value as real text, or None.

    WSGI hands header bytes over decoded as latin-1; spgate sends UTF-8, so undo that.
    """
    value = request.headers.get(name)
    if value is None or value == "":
        return None
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def split_values(value):
    r"""Splits a multi-valued header joined with ';' where a literal ';' is sent as '\;'.

    >>> split_values(r"a;b\;c;d")
    ['a', 'b;c', 'd']
    """
    values, current, chars = [], [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, None)
            if nxt == ";":
                current.append(";")
            else:
                current.append("\\")
                if nxt is not None:
                    current.append(nxt)
        elif ch == ";":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
    values.append("".join(current))
    return [v for v in values if v != ""]


def identity_rows():
    rows = []
    for name in IDENTITY_HEADERS + sorted(MULTI_VALUED - set(IDENTITY_HEADERS)):
        value = header(name)
        if value is not None:
            rows.append((name, split_values(value) if name in MULTI_VALUED else [value]))
    return rows


def current_user():
    return header("Remote-User") or header("eppn")


@app.route("/")
def index():
    return render_template_string(
        PAGE, title="spgate example", user=current_user(), name=header("displayName"), rows=[]
    )


@app.route("/login")
def login():
    user = current_user()
    if user is None:
        # spgate should never let an anonymous request through to /login.
        return render_template_string(PAGE, title="not protected?", user=None, rows=[]), 401
    return render_template_string(
        PAGE, title="signed in", user=user, name=header("displayName"), rows=identity_rows()
    )


@app.route("/headers")
def headers():
    received = {}
    for name, _ in request.headers.items():
        received[name] = header(name) or ""
    return jsonify(received)


def main():
    global APP_NAME
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("FLASK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FLASK_PORT", "5000")))
    parser.add_argument("--name", default=APP_NAME, help="sent as X-Example-App on every answer")
    args = parser.parse_args()
    APP_NAME = args.name
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
