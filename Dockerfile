# Builds sverka with cgo (go-sqlite3, libjpeg-turbo) and the FTS5 tag, then runs it on a slim Debian.
FROM golang:1.26-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libjpeg62-turbo-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -tags sqlite_fts5,libjpeg -trimpath -ldflags "-s -w" -o /out/sverka ./cmd/sverka

FROM debian:bookworm-slim
# sverka ocr runs Tesseract and renders PDF pages with poppler; IIIF answers are encoded by libjpeg-turbo.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates hunspell-ru libjpeg62-turbo \
    tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng poppler-utils \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data sverka && mkdir -p /data && chown sverka /data
COPY --from=build /out/sverka /usr/local/bin/sverka
USER sverka
WORKDIR /data
ENV SVERKA_ADDR=0.0.0.0:8080 SVERKA_DB=/data/sverka.db
EXPOSE 8080
ENTRYPOINT ["sverka"]
CMD ["serve"]
