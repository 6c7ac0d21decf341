"""POST /api/curvature on a game: the field's Jacobian beside V's Hessian, JSON-safe."""

import json

import numpy as np
import pytest


def _strict_json(text: str):
    def reject(constant):
        raise AssertionError(f"{constant} in JSON")

    return json.loads(text, parse_constant=reject)


def test_bilinear_game_answers_its_rotation_and_no_descent_steps(client):
    body = {"surface": "bilinear", "point": [1.5, 1.0], "points": [[1.5, 1.0], [1.4, 1.1]]}
    response = client.post("/api/curvature", json=body)
    assert response.status_code == 200
    answer = _strict_json(response.text)
    assert answer["hessian"] == [[0.0, 1.0], [1.0, 0.0]]  # V's, still answered
    assert answer["gd_stable_lr"] is None and answer["polyak"] is None
    game = answer["game"]
    assert game["jacobian"] == [[0.0, -1.0], [1.0, 0.0]]
    assert game["eigenvalues"] == [[0.0, -1.0], [0.0, 1.0]]  # ±i
    assert game["gda_stable_lr"] is None  # |1 ± iη| > 1 for every η
    assert answer["path_jacobians"] == [[[0.0, -1.0], [1.0, 0.0]]] * 2
    assert answer["path_game_eigenvalues"] == [[[0.0, -1.0], [0.0, 1.0]]] * 2
    assert "path_eigenvalues" not in answer


def test_dirac_gan_with_a_penalty_has_a_stable_gda_step_at_its_equilibrium(client):
    body = {"surface": "dirac_gan", "surface_params": {"gamma": 0.5}, "point": [0, 0]}
    answer = _strict_json(client.post("/api/curvature", json=body).text)
    # λ = (−γ ± i√(1 − γ²))/2
    root = (1 - 0.5**2) ** 0.5 / 2
    np.testing.assert_allclose(answer["game"]["eigenvalues"], [[-0.25, -root], [-0.25, root]])
    assert answer["game"]["gda_stable_lr"] == pytest.approx(2.0)  # 4γ while λ is complex
    assert "path_jacobians" not in answer


def test_a_minimisation_surface_has_no_game_fields(client):
    answer = client.post("/api/curvature", json={"surface": "rosenbrock", "point": [1, 1]}).json()
    assert "game" not in answer and answer["gd_stable_lr"] > 0


def test_game_fields_are_documented_in_the_response_schema(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    fields = schemas["CurvatureResponse"]["properties"]
    assert {"game", "path_jacobians", "path_game_eigenvalues"} <= set(fields)
    assert {"jacobian", "eigenvalues", "gda_stable_lr"} <= set(schemas["GameOut"]["properties"])
