"""Start a Teamkracht cluster on this machine to try it out: N app processes behind nginx,
Redis as their message queue, a PostgreSQL database. ``scripts/cluster`` runs this after
installing what is missing; the cluster test and ``bench/bench_cluster.py`` use it too.

    .venv/bin/python deploy/local_cluster.py [--processes 2] [--port 8080]

nginx runs with the site file from this folder (``nginx-teamkracht.conf``), rewritten only
for the ports; Redis is a private instance on a free port; PostgreSQL is the machine's own
server (started if it is not running) with a database and a role made for this cluster.
Ctrl+C stops everything this started (the database stays unless ``--drop``).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx-teamkracht.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(
    port: int, process: subprocess.Popen | None = None, log: Path | None = None, timeout=30.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            out = log.read_text() if log and log.exists() else ""
            raise RuntimeError(f"{process.args[0]} exited early:\n{out}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def render_site(
    app_ports: list[int], listen_port: int, *, show_upstream: bool, per_address: int | None = None
) -> str:
    """The deploy site file with these ports; ``show_upstream`` adds a header naming the
    process that answered (to see the stickiness at work; not for production);
    ``per_address`` replaces the cap on connections per address (a benchmark's clients all
    come from this machine)."""
    site = SITE.read_text()
    if per_address is not None:
        site = re.sub(
            r"limit_conn tk_per_address \d+;", f"limit_conn tk_per_address {per_address};", site
        )
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in app_ports)
    site, n = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ .*\n(?:    server .*\n)*", servers, site)
    if n != 1:
        raise ValueError("the upstream block of nginx-teamkracht.conf changed shape")
    site, n = re.subn(r"(?m)^    listen 80;", f"    listen 127.0.0.1:{listen_port};", site)
    if n != 1:
        raise ValueError("the listen line of nginx-teamkracht.conf changed shape")
    if show_upstream:
        site = site.replace(
            "        add_header Set-Cookie $tk_route_cookie always;",
            "        add_header Set-Cookie $tk_route_cookie always;\n"
            "        add_header X-Upstream $upstream_addr always;",
        )
    return site


def _admin(sql: str, *, database: str = "postgres") -> None:
    """Run SQL as PostgreSQL's superuser (the ``postgres`` system user, as installed)."""
    if os.geteuid() == 0:
        prefix = ["runuser", "-u", "postgres", "--"]
    else:
        prefix = ["sudo", "-u", "postgres"]
    subprocess.run(
        [*prefix, "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    )


def ensure_postgres() -> None:
    """Start the machine's PostgreSQL server when it is not running."""
    if subprocess.run(["pg_isready", "-q"], check=False).returncode == 0:
        return
    versions = sorted(os.listdir("/etc/postgresql"))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=True
    )
    for _ in range(100):
        if subprocess.run(["pg_isready", "-q"], check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not start")


class Database:
    """A role and a database of its own in the machine's PostgreSQL."""

    def __init__(self, name: str, *, drop: bool):
        self.name, self.drop = name, drop
        self.password = secrets.token_urlsafe(18)

    @property
    def url(self) -> str:
        return self.url_on(5432)

    def url_on(self, port: int) -> str:
        """The URL through another port of this machine (a proxy in front of the server)."""
        return f"postgresql://{self.name}:{self.password}@127.0.0.1:{port}/{self.name}"

    def create(self) -> Database:
        ensure_postgres()
        _admin(
            f"DO $$ BEGIN CREATE ROLE {self.name} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        )
        _admin(f"ALTER ROLE {self.name} PASSWORD '{self.password}'")
        try:
            _admin(f"CREATE DATABASE {self.name} OWNER {self.name}")
        except subprocess.CalledProcessError as error:
            if "already exists" not in error.stderr:
                raise
        return self

    def remove(self) -> None:
        if self.drop:
            _admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            _admin(f"DROP ROLE IF EXISTS {self.name}")


class Cluster:
    """nginx, a private Redis and ``processes`` app processes on one PostgreSQL database."""

    def __init__(
        self,
        processes: int = 2,
        *,
        port: int | None = None,
        database: str | None = None,
        drop: bool = True,
        async_mode: str = "eventlet",
        show_upstream: bool = True,
        env: dict | None = None,
        per_address: int | None = None,
        database_port: int | None = None,
    ):
        """``database_port``: the app processes reach PostgreSQL on this port of 127.0.0.1
        instead of the server's own 5432, e.g. through a proxy that a test cuts off to play
        a database outage (the database itself is still made on the server)."""
        self.workdir = Path(tempfile.mkdtemp(prefix="teamkracht-cluster-"))
        self.port = port or free_port()
        self.redis_port = free_port()
        self.app_ports = [free_port() for _ in range(processes)]
        self.db = Database(database or f"tk_{secrets.token_hex(4)}", drop=drop)
        self.async_mode, self.show_upstream = async_mode, show_upstream
        self.per_address = per_address
        self.database_port = database_port or 5432
        self.extra_env = env or {}
        self.secret = secrets.token_urlsafe(32)
        self.apps: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.redis: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def message_queue(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        for tool in (NGINX, REDIS):
            if not Path(tool).exists():
                raise RuntimeError(f"{tool} is missing: run scripts/setup cluster")
        self.start_redis()
        self.db.create()
        # One after the other: the first creates the tables, the others find them.
        for port in self.app_ports:
            self.start_app(port)
        self._start_nginx()

    def start_redis(self) -> None:
        """Start (or start again, on the same port) the cluster's Redis."""
        log = self.workdir / "redis.log"
        self.redis = subprocess.Popen(
            [
                REDIS,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--logfile",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.redis_port, self.redis, log)

    def stop_redis(self) -> None:
        """Stop Redis (an outage: the app processes stay up)."""
        if self.redis is not None:
            self.redis.kill()
            self.redis.wait(timeout=10)

    def app_env(self, port: int) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.db.url_on(self.database_port),
            "MESSAGE_QUEUE": self.message_queue,
            "SECRET_KEY": self.secret,
            "PUBLIC_URL": self.url,
            "TRUSTED_PROXIES": "1",  # nginx in front: limits count each visitor's address
            "ASYNC_MODE": self.async_mode,
            "PORT": str(port),
            **self.extra_env,
        }

    def app_log(self, port: int) -> Path:
        return self.workdir / f"app-{port}.log"

    def start_app(self, port: int) -> subprocess.Popen:
        """Start (or start again) the app process on ``port``; it writes to its log."""
        with self.app_log(port).open("a") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "session_app", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=self.app_env(port),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.apps[port] = process
        wait_for_port(port, process, self.app_log(port), timeout=120)  # slow on a busy machine
        return process

    def _start_nginx(self) -> None:
        site = self.workdir / "site.conf"
        site.write_text(
            render_site(
                self.app_ports,
                self.port,
                show_upstream=self.show_upstream,
                per_address=self.per_address,
            )
        )
        temp = self.workdir / "nginx-temp"
        temp.mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {self.workdir}/nginx.pid;\n"
            f"error_log {self.workdir}/nginx-error.log warn;\n"
            "events { worker_connections 8192; }\n"
            "http {\n  access_log off;\n"
            + "".join(
                f"  {kind}_temp_path {temp}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {site};\n}}\n"
        )
        log = self.workdir / "nginx-error.log"
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(self.workdir), "-e", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.nginx, log)

    def stop_app(self, port: int, timeout: float = 30) -> str:
        """SIGTERM one app process, as systemd does to restart it, and wait until it ended
        (stopping gracefully: its pages move to the other processes); returns its log."""
        process = self.apps.pop(port)
        process.terminate()
        process.wait(timeout=timeout)
        return self.app_log(port).read_text()

    def wait_ready(self, port: int, timeout: float = 120) -> None:
        """Until the app process on ``port`` answers /ready with 200."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=5) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the process on port {port} is not ready after {timeout} s")
            time.sleep(0.1)

    def kill_app(self, port: int) -> str:
        """SIGKILL one app process, like a crash; returns what it printed."""
        process = self.apps.pop(port)
        process.kill()
        process.wait(timeout=10)
        return self.app_log(port).read_text()

    def stop(self) -> dict[int, str]:
        """Stop everything this started; returns what each app process printed."""
        for process in [*self.apps.values(), self.nginx, self.redis]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        outputs = {
            port: self.app_log(port).read_text()
            for port in self.app_ports
            if self.app_log(port).exists()
        }
        self.apps.clear()
        self.nginx = self.redis = None
        try:
            self.db.remove()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return outputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens here")
    parser.add_argument("--database", default="teamkracht_local")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--async-mode", default=os.environ.get("ASYNC_MODE", "eventlet"))
    args = parser.parse_args()
    cluster = Cluster(
        args.processes,
        port=args.port,
        database=args.database,
        drop=args.drop,
        async_mode=args.async_mode,
    )
    cluster.start()
    print(
        f"Teamkracht runs on {args.processes} processes "
        f"({', '.join(map(str, cluster.app_ports))}) behind nginx, Redis on "
        f"{cluster.redis_port}, PostgreSQL database {cluster.db.name}."
    )
    print(f"Open {cluster.url}/ in your browser. Stop with Ctrl+C.", flush=True)
    stop = False

    def on_signal(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stop:
            for port, process in cluster.apps.items():
                if process.poll() is not None:
                    print(
                        f"The process on port {port} stopped:\n{cluster.app_log(port).read_text()}"
                    )
                    stop = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # Ctrl+C reaches every process of the terminal's group (the app processes, nginx,
        # Redis stop by themselves): a second one must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
