package respcache_test

import (
	"bytes"
	"testing"

	"github.com/kinerja/kinerja/internal/respcache"
)

// version is a Stamper the test moves by hand.
type version struct {
	stamp uint64
	ok    bool
}

func (v *version) Stamp() (uint64, bool) { return v.stamp, v.ok }

func key(s string) respcache.Key { return respcache.NewKey([]byte(s)) }

func TestCache(t *testing.T) {
	v := &version{stamp: 1, ok: true}
	c := respcache.New(v, 1<<20)
	stamp, ok := c.Stamp()
	if !ok {
		t.Fatal("a trusted version is not usable")
	}
	if _, ok := c.Get(key("a"), stamp); ok {
		t.Fatal("an empty cache has an answer")
	}
	c.Put(key("a"), stamp, []byte("A"))
	if got, ok := c.Get(key("a"), stamp); !ok || string(got) != "A" {
		t.Fatalf("got %q %v, want A", got, ok)
	}

	// An answer computed while a write committed is not kept.
	v.stamp = 2
	c.Put(key("b"), stamp, []byte("B"))
	stamp, _ = c.Stamp()
	for _, k := range []string{"a", "b"} {
		if got, ok := c.Get(key(k), stamp); ok {
			t.Errorf("%s: got %q after the data changed, want nothing", k, got)
		}
	}
	if s := c.Stats(); s.Entries != 0 || s.Hits != 1 || s.Misses != 3 {
		t.Errorf("stats %+v, want 0 entries, 1 hit, 3 misses", s)
	}

	// An untrusted version bypasses the cache.
	v.ok = false
	if _, ok := c.Stamp(); ok {
		t.Error("an untrusted version is usable")
	}
	c.Put(key("c"), 2, []byte("C"))
	if s := c.Stats(); s.Entries != 0 || s.Bypassed != 1 {
		t.Errorf("stats %+v, want nothing kept and 1 bypass", s)
	}
}

// TestCacheBudget: the least recently used answers go first once the
// budget is spent, and no answer larger than an eighth of it is kept.
func TestCacheBudget(t *testing.T) {
	v := &version{stamp: 1, ok: true}
	const budget = 1 << 20
	c := respcache.New(v, budget)
	big := bytes.Repeat([]byte("x"), budget/16)
	for i := range 40 {
		c.Put(respcache.NewKey([]byte{byte(i)}), 1, big)
		if i == 0 || i%5 == 0 {
			c.Get(respcache.NewKey([]byte{0}), 1) // keep the first one used
		}
	}
	s := c.Stats()
	if s.Bytes > budget || s.Entries >= 16 {
		t.Errorf("stats %+v, want at most %d bytes (fewer than 16 entries)", s, budget)
	}
	if _, ok := c.Get(respcache.NewKey([]byte{0}), 1); !ok {
		t.Error("the most recently used answer was evicted")
	}
	if _, ok := c.Get(respcache.NewKey([]byte{1}), 1); ok {
		t.Error("the least recently used answer is still there")
	}
	c.Put(key("huge"), 1, bytes.Repeat([]byte("x"), budget/8))
	if _, ok := c.Get(key("huge"), 1); ok {
		t.Error("an answer of an eighth of the budget was kept")
	}
}

// TestNewKey: keys of different lists of parts differ even when the
// parts joined are equal.
func TestNewKey(t *testing.T) {
	if respcache.NewKey([]byte("ab"), []byte("c")) == respcache.NewKey([]byte("a"), []byte("bc")) {
		t.Error("two lists of parts share a key")
	}
	if respcache.NewKey([]byte("a")) != respcache.NewKey([]byte("a")) {
		t.Error("a key is not stable")
	}
}
