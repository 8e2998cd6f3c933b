package main

import (
	"io"
	"slices"
	"testing"
)

var scalingConfigTests = []struct {
	env      map[string]string
	on       bool
	bytes    int64
	replicas []string
	err      bool
}{
	{env: map[string]string{}, bytes: 64 << 20},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE": "on"}, on: true, bytes: 64 << 20},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE": "ON", "KINERJA_RESPONSE_CACHE_SIZE": "256MiB"}, on: true, bytes: 256 << 20},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE_SIZE": "2097152"}, bytes: 2 << 20},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE": "yes"}, err: true},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE_SIZE": "1KiB"}, err: true},
	{env: map[string]string{"KINERJA_RESPONSE_CACHE_SIZE": "lots"}, err: true},
	{env: map[string]string{"KINERJA_DB_REPLICAS": "postgres://r1/k, postgres://r2/k"}, bytes: 64 << 20,
		replicas: []string{"postgres://r1/k", "postgres://r2/k"}},
	{env: map[string]string{"KINERJA_DB_REPLICAS": "replica.db"}, err: true},
	{env: map[string]string{"KINERJA_DB_REPLICAS": "postgres://r1/k", "KINERJA_RESPONSE_CACHE": "on"}, err: true},
}

func TestScalingConfig(t *testing.T) {
	for _, tt := range scalingConfigTests {
		cfg, err := parseConfig("serve", nil, env(tt.env), io.Discard)
		switch {
		case tt.err && err == nil:
			t.Errorf("%v: no error", tt.env)
		case !tt.err && err != nil:
			t.Errorf("%v: %v", tt.env, err)
		case !tt.err && (cfg.Cache.On != tt.on || cfg.Cache.Bytes != tt.bytes || !slices.Equal(cfg.Replicas, tt.replicas)):
			t.Errorf("%v: cache %+v replicas %q, want on %v, %d bytes, replicas %q", tt.env, cfg.Cache, cfg.Replicas, tt.on, tt.bytes, tt.replicas)
		}
	}
}
