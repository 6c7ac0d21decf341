"""The surface catalog marks games and names their axes (the page's one source for both)."""

from thalweg.schemas import SurfaceOut
from thalweg.services import catalog


def test_games_are_marked_and_their_axes_name_the_players():
    surfaces = {s["id"]: SurfaceOut(**s) for s in catalog.surfaces()}
    games = {i for i, s in surfaces.items() if s.kind == "game"}
    assert games == {"bilinear", "dirac_gan"}
    assert surfaces["dirac_gan"].axes == ("generator θ", "discriminator ψ")
    assert surfaces["bilinear"].axes == ("minimising player x", "maximising player y")
    assert surfaces["rosenbrock"].axes == ("x", "y") and surfaces["rosenbrock"].kind == "minimise"
    equilibrium = surfaces["dirac_gan"].minima[0]
    assert (equilibrium.x, equilibrium.y) == (0.0, 0.0)
