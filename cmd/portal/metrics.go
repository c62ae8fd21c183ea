package main

import (
	"net/http"
	"time"
)

// metricsServer serves /metrics on its own address, off by default, so it is never public by accident.
func (e *env) metricsServer() *http.Server {
	if e.metrics == nil {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", e.metrics.Handler())
	return &http.Server{Addr: e.cfg.MetricsListen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}
