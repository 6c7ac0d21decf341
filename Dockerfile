# Thalweg: one container serving the app on port 8000 (stateless; scale by replicas).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    THALWEG_COMPILATION_CACHE_DIR=/home/thalweg/.cache/thalweg/jax-lru

RUN useradd --create-home --uid 10001 thalweg
WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY frontend ./frontend
RUN pip install --no-cache-dir . && rm -rf /app/backend /app/frontend

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status != 200)"]
CMD ["thalweg", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
