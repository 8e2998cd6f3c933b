package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
)

// FileMode is the mode of the SQLite files Kinerja creates: readable and
// writable by their owner only, since they hold password hashes and every
// figure of the instance. SQLite gives its -wal and -shm files the mode of
// the database file.
const FileMode fs.FileMode = 0o600

// createPrivate creates the file at path with FileMode when it does not
// exist (with its directory), and warns when an existing one may be read by
// others.
func createPrivate(path string, log *slog.Logger) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create directory: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
	switch {
	case err == nil:
		return f.Close()
	case !errors.Is(err, fs.ErrExist):
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" && log != nil {
		log.Warn("the database file may be read by other users of this machine; restrict it with chmod 600 (and its -wal and -shm files)",
			"file", path, "mode", fi.Mode().Perm().String())
	}
	return nil
}
