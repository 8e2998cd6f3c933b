package resolvers

import (
	"fmt"

	"github.com/kinerja/kinerja/internal/storage"
)

// notFound reports that the thing named what with id does not exist.
func notFound(what string, id int64) error {
	return &storage.Error{Kind: storage.ErrNotFound, Message: fmt.Sprintf("%s %d does not exist", what, id)}
}
