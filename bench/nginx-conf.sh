# Sourced by the bench scripts: the nginx configurations they measure against, in one place.

# nginx_backend_conf DIR PORT: a static "200 ok" on 127.0.0.1:PORT that accepts 32 KiB headers.
nginx_backend_conf() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes auto; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000;
  client_header_buffer_size 64k; large_client_header_buffers 8 64k;
  server { listen 127.0.0.1:$2; location / { default_type text/plain; return 200 "ok\n"; } }
}
CONF
}

# nginx_proxy_conf DIR PORT BACKEND_PORT [HTTP_DIRECTIVES]: a plain keep-alive reverse proxy.
# Large header buffers (for 32 KiB request headers) go in HTTP_DIRECTIVES only where needed:
# they roughly halved nginx's rate for every request here.
nginx_proxy_conf() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes ${NGINX_WORKERS:-auto}; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000; ${4:-}
  upstream backend { server 127.0.0.1:$3; keepalive 64; }
  server {
    listen 127.0.0.1:$2;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
}

# nginx_ws_proxy_conf DIR PORT BACKEND_PORT: a WebSocket reverse proxy, as nginx documents it
# (the upgrade passed on with "Upgrade: $http_upgrade" and "Connection: upgrade").
nginx_ws_proxy_conf() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes ${NGINX_WORKERS:-auto}; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$2;
    location / {
      proxy_pass http://127.0.0.1:$3; proxy_http_version 1.1; proxy_read_timeout 1h;
      proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection "upgrade";
    }
  }
}
CONF
}

# nginx_tls_proxy_conf DIR PORT BACKEND_PORT CERT KEY: row (m), TLS terminated by nginx with the
# protocols and suites spgate's TLS listener allows (TLS 1.2/1.3, ECDHE + AEAD), keep-alive proxy.
nginx_tls_proxy_conf() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes ${NGINX_WORKERS:-auto}; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$3; keepalive 64; }
  server {
    listen 127.0.0.1:$2 ssl;
    ssl_certificate $4; ssl_certificate_key $5; ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
}

# start_nginx DIR &: runs the configuration in DIR; exec, so that $! is nginx's own pid (the exit
# trap stops it, proxy-ceiling.sh counts its workers' CPU).
start_nginx() { exec nginx -p "$1" -c "$1/nginx.conf" -e "$1/error.log"; }

# nginx_authreq_conf DIR PORT BACKEND_PORT SPGATE_PORT: nginx asking spgate's forward-auth endpoint
# (auth_request, keep-alive to both) before proxying to the backend, as examples/forward-auth/.
nginx_authreq_conf() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes ${NGINX_WORKERS:-auto}; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$3; keepalive 64; }
  upstream spgate { server 127.0.0.1:$4; keepalive 64; }
  server {
    listen 127.0.0.1:$2;
    location = /Shibboleth.sso/auth {
      internal;
      proxy_pass http://spgate; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_pass_request_body off; proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI \$request_uri; proxy_set_header X-Forwarded-Uri "";
      proxy_set_header X-Forwarded-Host \$http_host; proxy_set_header X-Forwarded-Proto \$scheme;
    }
    location / {
      auth_request /Shibboleth.sso/auth;
      auth_request_set \$spg_user \$upstream_http_remote_user;
      proxy_set_header Remote-User \$spg_user;
      proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";
    }
  }
}
CONF
}
