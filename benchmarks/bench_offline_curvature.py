"""What a curv=1 offline file's curvature answers cost, against the export's estimate.

services/offline_curvature.py charges 0.75 s of compile and 1 µs per point (at
budget.size_factor 1). For each scene, in a fresh process per scene (so the
compile is counted; CPU of the process, all threads, as the work budget counts):
the trajectories are computed first, then ``answers`` alone is timed.

    PYTHONPATH=backend .venv/bin/python benchmarks/bench_offline_curvature.py
"""

from __future__ import annotations

import math
import resource
import subprocess
import sys

SCENES = [
    "surface=shubert&steps=976&runs=gd:lr=0.001;adam:lr=0.05;momentum:lr=0.001;rmsprop:lr=0.01",
    "surface=eggholder&steps=3900&runs=gd:lr=0.001",
    "surface=dirac_gan&steps=1900&runs=gda:lr=0.1;alternating_gda:lr=0.1;"
    "optimistic_gda:lr=0.1;gda:lr=0.01",
    "surface=custom&f=sin(x)%2Bsin(2*x%2By)%2Bsin(3*x%2By)%2Bsin(4*x%2By)%2Bx^2%2By^2"
    "&steps=1900&runs=gd:lr=0.01;adam:lr=0.05",
]
POSITIONS = 32


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(query: str) -> str:
    from thalweg.services import offline, offline_curvature
    from thalweg.services.scene_query import parse
    from thalweg.services.surfaces import resolve

    scene = parse(query)
    request, _, wanted = offline._plan(scene, POSITIONS)
    computed = offline._computed(scene, wanted, math.inf)
    estimate = offline_curvature.estimate(resolve(request), len(wanted), scene.steps)
    start = _cpu()
    offline_curvature.answers(offline._surface_fields(scene), computed)
    spent = _cpu() - start
    points = sum(len(run["points"]) for run in computed)
    return f"| {query[:58]} | {len(wanted)} | {points:,} | {spent:.2f} | {estimate.seconds:.2f} |"


def main() -> None:
    if len(sys.argv) > 1:
        print(measure(sys.argv[1]))
        return
    print("| scene | trajectories | points | CPU s | estimate s |")
    print("|---|---|---|---|---|")
    for query in SCENES:
        out = subprocess.run([sys.executable, __file__, query], capture_output=True, text=True)
        print(out.stdout.strip() or out.stderr.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
