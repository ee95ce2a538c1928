"""Social context and collaborative formulation, one module per idea:

- `social_map`: the client's social-context map (and its versions);
- `positionality`: the therapist's positionality and the power map;
- `experiences`: experiences of oppression;
- `formulation`: the collaborative formulation, its versions and the client's feedback;
- `vocabulary` and `common`: the words and rules they share.

Every free-text field is encrypted. Every queryset that holds client data has a
`visible_to(user)` method built on `Client.objects.visible_to(user)`; supervisors see only
rows the client allowed them to see, admins nothing. Everything is re-exported here, so
`alongside.context.models.X` (and the migrations) keep working.
"""

from alongside.context.models.common import (
    LONG_TEXT,
    SHORT_TEXT,
    Immutable,
    ScopedQuerySet,
    Visibility,
)
from alongside.context.models.experiences import Experience, ExperienceQuerySet
from alongside.context.models.formulation import (
    NARRATIVE_SECTIONS,
    PTMF_SECTIONS,
    Feedback,
    FeedbackQuerySet,
    Formulation,
    FormulationQuerySet,
    FormulationSection,
    FormulationVersion,
    Section,
)
from alongside.context.models.positionality import (
    Position,
    PositionQuerySet,
    PowerReflection,
    PowerReflectionQuerySet,
)
from alongside.context.models.social_map import (
    LivedAs,
    MapEntry,
    MapEntryQuerySet,
    MapEntryVersion,
    MapFields,
    Salience,
)
from alongside.context.models.vocabulary import (
    Dimension,
    LifeDomain,
    OppressionSystem,
    Vocabulary,
    VocabularyQuerySet,
)

__all__ = [
    "LONG_TEXT",
    "SHORT_TEXT",
    "Visibility",
    "ScopedQuerySet",
    "VocabularyQuerySet",
    "Vocabulary",
    "Dimension",
    "LifeDomain",
    "OppressionSystem",
    "ExperienceQuerySet",
    "Experience",
    "Salience",
    "LivedAs",
    "MapFields",
    "MapEntryQuerySet",
    "MapEntry",
    "Immutable",
    "MapEntryVersion",
    "PositionQuerySet",
    "Position",
    "PowerReflectionQuerySet",
    "PowerReflection",
    "Section",
    "PTMF_SECTIONS",
    "NARRATIVE_SECTIONS",
    "FormulationQuerySet",
    "Formulation",
    "FormulationSection",
    "FormulationVersion",
    "FeedbackQuerySet",
    "Feedback",
]
