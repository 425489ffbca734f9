# The Django site behind Varnish: gunicorn from `make serve` on this machine.
# `make edge` and the tests write their own backend.vcl into varnishd's working
# directory (earlier on vcl_path) when gunicorn listens elsewhere.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
}
