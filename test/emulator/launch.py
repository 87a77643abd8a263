#!/usr/bin/env python3
"""Runs the moto AWS API emulator on 127.0.0.1 for the deploy tests, with the patches of
patches.py applied in-process (see README.md next to this file).

    python3 test/emulator/launch.py [--port N]    # 0 (default): a free port

Prints "listening on http://127.0.0.1:<port>" once it accepts requests, then serves until
SIGTERM / SIGINT.
"""
import argparse
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        import moto  # noqa: F401
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as e:
        sys.stderr.write(f"the AWS API emulator needs python3 with moto[server] 5.x installed: {e}\n")
        sys.exit(3)

    import patches

    patches.apply()
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    os.environ["MOTO_PORT"] = str(server.port)

    def stop(_signum, _frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://127.0.0.1:{server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
