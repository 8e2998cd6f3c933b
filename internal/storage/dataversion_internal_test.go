package storage

import "testing"

// TestDataVersionLost: on PostgreSQL the stamp is trusted only while the
// notification connection listens, and moves on when it is lost and when it
// is back (writes may have gone unheard), and with each write heard of once.
func TestDataVersionLost(t *testing.T) {
	v := newDataVersion(Postgres, "", nil)
	if _, ok := v.Stamp(); ok {
		t.Fatal("trusted before listening")
	}
	l := versionListener{v}
	v.mu.Lock()
	v.live.Store(true) // as Listening does, without a database
	v.mu.Unlock()
	s0, _ := v.Stamp()
	l.Notified("7")
	s1, ok := v.Stamp()
	if !ok || s1 == s0 {
		t.Errorf("a notification did not move the stamp (%d, %v)", s1, ok)
	}
	v.committed(7) // this instance's own write, heard already
	l.Notified("6")
	if s, _ := v.Stamp(); s != s1 {
		t.Errorf("a version seen already moved the stamp")
	}
	l.Lost()
	s2, ok := v.Stamp()
	if ok || s2 == s1 {
		t.Errorf("after a loss: stamp %d (was %d), trusted %v; want a new, untrusted stamp", s2, s1, ok)
	}
	sq := newDataVersion(SQLite, "", nil)
	if _, ok := sq.Stamp(); !ok {
		t.Error("SQLite's version is not trusted")
	}
}
