// Package respcache keeps the answers to read queries in memory, in a
// least-recently-used cache bounded by bytes, valid while the data version
// they were computed at stays current.
//
// The cache knows nothing of GraphQL or of callers: its user builds the key
// (see Key) from everything an answer depends on, asks Stamp before it
// computes an answer, and offers the answer with that stamp. A stamp that
// has moved on in between (a write committed) drops the offer, and the
// first use of a new stamp drops every entry.
package respcache

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultBytes is the default budget of a cache: 64 MiB.
const DefaultBytes = 64 << 20

// entryOverhead is what an entry costs beside its answer: the key, the
// list element and the map slot, roughly.
const entryOverhead = 160

// Stamper tells the data version (storage.DataVersion does): the stamp
// changes whenever the data may have changed, and ok is false while it
// cannot be trusted, when the cache is bypassed.
type Stamper interface {
	Stamp() (stamp uint64, ok bool)
}

// Key identifies an answer; build it with NewKey.
type Key [sha256.Size]byte

// NewKey returns the key of the parts, each taken whole (a part's length is
// hashed with it, so that no two lists of parts share a key).
func NewKey(parts ...[]byte) Key {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		l := uint64(len(p))
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Cache is a response cache. Its methods are safe for concurrent use.
type Cache struct {
	version Stamper
	budget  int64

	mu    sync.Mutex
	stamp uint64
	used  int64
	order *list.List // of *entry, most recently used first
	items map[Key]*list.Element

	hits, misses, bypassed atomic.Int64
}

type entry struct {
	key  Key
	data []byte
}

// New returns a cache of at most budget bytes of answers (DefaultBytes when
// budget <= 0) valid at the stamps of version.
func New(version Stamper, budget int64) *Cache {
	if budget <= 0 {
		budget = DefaultBytes
	}
	return &Cache{version: version, budget: budget, order: list.New(), items: map[Key]*list.Element{}}
}

// Stamp returns the stamp to compute an answer at, and whether the cache
// may be used now; when not, the answer is to be computed and not offered.
func (c *Cache) Stamp() (uint64, bool) {
	s, ok := c.version.Stamp()
	if !ok {
		c.bypassed.Add(1)
	}
	return s, ok
}

// Get returns the answer under key at stamp, counting a hit or a miss.
func (c *Cache) Get(key Key, stamp uint64) ([]byte, bool) {
	c.mu.Lock()
	c.sync(stamp)
	el, ok := c.items[key]
	if ok && c.stamp == stamp {
		c.order.MoveToFront(el)
		data := el.Value.(*entry).data
		c.mu.Unlock()
		c.hits.Add(1)
		return data, true
	}
	c.mu.Unlock()
	c.misses.Add(1)
	return nil, false
}

// Put keeps data as the answer under key, computed at stamp; it is dropped
// when the data has changed since (the stamp moved on) or when it alone is
// larger than an eighth of the budget. data must not change afterwards.
func (c *Cache) Put(key Key, stamp uint64, data []byte) {
	size := int64(len(data)) + entryOverhead
	if size > c.budget/8 {
		return
	}
	if now, ok := c.version.Stamp(); !ok || now != stamp {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync(stamp)
	if c.stamp != stamp {
		return
	}
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	c.items[key] = c.order.PushFront(&entry{key: key, data: data})
	c.used += size
	for c.used > c.budget {
		c.remove(c.order.Back())
	}
}

// sync drops every entry when stamp is newer than the entries' (stamps
// only grow); c.mu is held.
func (c *Cache) sync(stamp uint64) {
	if stamp <= c.stamp {
		return
	}
	c.stamp = stamp
	c.order.Init()
	clear(c.items)
	c.used = 0
}

// remove drops the entry at el; c.mu is held.
func (c *Cache) remove(el *list.Element) {
	e := c.order.Remove(el).(*entry)
	delete(c.items, e.key)
	c.used -= int64(len(e.data)) + entryOverhead
}

// Stats are the counts of a cache since it was made.
type Stats struct {
	// Hits and Misses count the lookups that found an answer and those
	// that did not; Bypassed the requests served without the cache while
	// its stamp could not be trusted.
	Hits, Misses, Bypassed int64
	// Entries and Bytes are what the cache holds now.
	Entries int
	Bytes   int64
}

// Stats returns the counts of c.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bypassed: c.bypassed.Load(),
		Entries: len(c.items), Bytes: c.used}
}

// Collectors returns the Prometheus collectors of c: lookups by result
// (hit, miss, bypass) and the bytes held.
func (c *Cache) Collectors() []prometheus.Collector {
	out := []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kinerja_response_cache_bytes",
			Help: "Bytes of answers the response cache holds.",
		}, func() float64 { return float64(c.Stats().Bytes) }),
	}
	for result, n := range map[string]*atomic.Int64{"hit": &c.hits, "miss": &c.misses, "bypass": &c.bypassed} {
		out = append(out, prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "kinerja_response_cache_lookups_total",
			Help:        "Read queries looked up in the response cache, by result (bypass: the cache could not be trusted, as while the notification connection is down).",
			ConstLabels: prometheus.Labels{"result": result},
		}, func() float64 { return float64(n.Load()) }))
	}
	return out
}
