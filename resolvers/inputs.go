package resolvers

import (
	"github.com/kinerja/kinerja/internal/storage"
	"github.com/kinerja/kinerja/models"
)

// The conversions of the API's input types to storage's that a plain type
// conversion cannot do (those holding a nested input).

func newIndicator(in models.CreateIndicatorInput) storage.NewIndicator {
	return storage.NewIndicator{
		Code: in.Code, Name: in.Name, Unit: in.Unit, Polarity: in.Polarity, Accumulation: in.Accumulation,
		Level: in.Level, ElementID: in.ElementID, OwnerID: in.OwnerID, Formula: in.Formula,
		RenstraTarget: targetFields(in.RenstraTarget), Baseline: targetFields(in.Baseline),
	}
}

func indicatorChange(in models.UpdateIndicatorInput) storage.IndicatorChange {
	return storage.IndicatorChange{
		Code: in.Code, Name: in.Name, Unit: in.Unit, Polarity: in.Polarity, Accumulation: in.Accumulation,
		OwnerID: in.OwnerID, Formula: in.Formula,
		RenstraTarget: targetFields(in.RenstraTarget), Baseline: targetFields(in.Baseline),
	}
}

func targetFields(t *models.TargetInput) *storage.TargetFields {
	if t == nil {
		return nil
	}
	f := storage.TargetFields(*t)
	return &f
}
