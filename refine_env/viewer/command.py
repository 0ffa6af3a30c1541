"""The ``refine-env view`` command (its arguments are in refine_env.cli): write the page, serve it live, or print one episode."""

from __future__ import annotations

import argparse

from refine_env.viewer.formats import load_episodes
from refine_env.viewer.html import write_page
from refine_env.viewer.serve import HOST, ViewerServer
from refine_env.viewer.text import render_episode

__all__ = ["run_view"]


def run_view(args: argparse.Namespace) -> int:
    if args.serve and (args.episode is not None or args.out):
        raise ValueError(f"Expected --serve alone, got it with {'--episode' if args.episode is not None else '--out'}")
    if args.episode is not None:
        if args.out:
            raise ValueError("Expected --episode or --out, got both (--episode prints to the terminal)")
        episodes = load_episodes(args.path).episodes
        if not 0 <= args.episode < len(episodes):
            raise ValueError(f"Expected --episode to be in 0..{len(episodes) - 1} ({len(episodes)} episodes in {args.path}), got {args.episode}")
        print(render_episode(episodes[args.episode]), end="")
        return 0
    if args.serve:
        server = ViewerServer(args.path, port=args.port)
        print(f"Serving {args.path} at {server.url} ({HOST} only; Ctrl-C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
        return 0
    out, count = write_page(args.path, args.out)
    print(f"Wrote {count} episode{'' if count == 1 else 's'} to {out} (open file://{out.resolve()})")
    return 0
