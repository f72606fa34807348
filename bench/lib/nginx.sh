# Shared by the benchmark scripts (sourced, never run): a local nginx that answers every
# request with 200 and a fixed JSON body, as fast as a web server can.
#
#   start_json_nginx OUT PORT BODY    # config, logs and pid in OUT; sets NGINX_PID
#
# The caller installs nginx (nginx-light) and kills $NGINX_PID in its EXIT trap.
start_json_nginx() {
    local out="$1" port="$2" body="$3"
    mkdir -p "$out"
    cat > "$out/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $out/nginx-error.log warn;
pid $out/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $out/body;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type application/json;
            return 200 '$body';
        }
    }
}
CONF
    nginx -c "$out/nginx.conf" -p "$out" &
    NGINX_PID=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
    return 1
}
