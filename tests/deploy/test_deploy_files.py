"""deploy/: nginx accepts the config, the YAML files parse and agree with the app and each other."""

import subprocess
from pathlib import Path

import yaml
from proxy_support import CONFIG, SHIPPED_UPSTREAM, command, require_nginx, write_config
from thalweg.cli import parser

DEPLOY = Path(__file__).parents[2] / "deploy"


def test_nginx_accepts_the_config(tmp_path):
    require_nginx()
    # `nginx -t` binds nothing: any ports will do.
    config = write_config(8080, [9001, 9002], tmp_path)
    result = subprocess.run(command(config, tmp_path, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_upgrades_every_stream_and_passes_the_host():
    text = CONFIG.read_text()
    assert "location ~ ^/api/([a-z0-9_-]+/)?stream$" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    # The app compares a WebSocket's Origin with Host: both locations that proxy set it.
    assert text.count("proxy_set_header Host $http_host;") == 2
    assert "least_conn;" in text


def _serve_args(command: list[str]):
    """A container's command, read by thalweg's own argument parser (so it is a valid one)."""
    assert command[:2] == ["thalweg", "serve"]
    return parser().parse_args(command[1:])


def test_compose_runs_nginx_before_replicas_sharing_one_cache():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    app, proxy = compose["services"]["thalweg"], compose["services"]["nginx"]
    args = _serve_args(app["command"])
    # nginx's upstream names this service and port.
    assert SHIPPED_UPSTREAM.startswith(f"server thalweg:{args.port} ")
    assert args.host == "0.0.0.0"
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    volume, mount = app["volumes"][0].split(":")
    assert volume in compose["volumes"]
    assert app["environment"]["THALWEG_COMPILATION_CACHE_DIR"].startswith(mount + "/")
    assert proxy["depends_on"]["thalweg"]["condition"] == "service_healthy"


def test_kubernetes_probes_health_and_scales_on_cpu():
    documents = {d["kind"]: d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yml").read_text())}
    assert set(documents) == {"Deployment", "Service", "HorizontalPodAutoscaler", "Ingress"}
    deployment = documents["Deployment"]
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    args = _serve_args(container["args"])
    port = container["ports"][0]
    assert port["containerPort"] == args.port
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/api/health", "port": port["name"]}
    assert container["resources"]["requests"]["cpu"]  # the HPA's utilisation is relative to it
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    assert documents["Service"]["spec"]["selector"] == labels
    assert documents["Service"]["spec"]["ports"][0]["targetPort"] == port["name"]
    hpa = documents["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu"
    env = {e["name"]: e["value"] for e in container["env"]}
    cache = env["THALWEG_COMPILATION_CACHE_DIR"]
    mounts = [m["mountPath"] for m in container["volumeMounts"]]
    assert any(cache.startswith(m + "/") for m in mounts)
