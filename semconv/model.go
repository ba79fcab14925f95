package semconv

// Type is the value type of an attribute as the registry declares it.
//
// It is a string so that values read from YAML, written by the generator and
// compared by analyzers all share one spelling: "string", "int", "double",
// "boolean", their array forms ("string[]", ...), and "any". Enum attributes
// carry the kind of their member values ("string" or "int"; "double" and
// "boolean" where the syntax allows such members) and a non-nil
// Attribute.Enum; template attributes keep their inner type and set
// Attribute.Template. Unknown spellings found in a registry are kept verbatim
// rather than rejected, so that a newer registry still loads.
type Type string

// The attribute types of the semantic-conventions syntax.
const (
	TypeString       Type = "string"
	TypeInt          Type = "int"
	TypeDouble       Type = "double"
	TypeBoolean      Type = "boolean"
	TypeStringArray  Type = "string[]"
	TypeIntArray     Type = "int[]"
	TypeDoubleArray  Type = "double[]"
	TypeBooleanArray Type = "boolean[]"
	TypeAny          Type = "any"
)

// IsArray reports whether t is a homogeneous array type such as "int[]".
func (t Type) IsArray() bool {
	return len(t) > 2 && t[len(t)-2:] == "[]"
}

// Elem returns the element type of an array type, and t itself otherwise.
func (t Type) Elem() Type {
	if t.IsArray() {
		return t[:len(t)-2]
	}
	return t
}

// Requirement levels of an attribute inside a group. A group attribute with no
// explicit level is RequirementRecommended, as in the semantic-conventions
// syntax.
const (
	RequirementRequired              = "required"
	RequirementConditionallyRequired = "conditionally_required"
	RequirementRecommended           = "recommended"
	RequirementOptIn                 = "opt_in"
)

// Deprecation reasons used by the registry.
const (
	DeprecationRenamed       = "renamed"
	DeprecationObsoleted     = "obsoleted"
	DeprecationUncategorized = "uncategorized"
)

// Group types used by the registry.
const (
	GroupAttributeGroup = "attribute_group"
	GroupSpan           = "span"
	GroupMetric         = "metric"
	GroupEvent          = "event"
	GroupEntity         = "entity"
)

// Deprecation says why an attribute, enum member or group should no longer be
// used and, for renames, what replaces it. Only these facts are kept: the
// free-text explanation in the registry is prose and is deliberately dropped.
type Deprecation struct {
	// Reason is "renamed", "obsoleted" or "uncategorized" (or whatever other
	// reason the registry uses, such as version 2's "unspecified"). An old
	// free-text deprecation is "uncategorized".
	Reason string
	// RenamedTo is the replacement key (or metric/group name) when Reason is
	// "renamed".
	RenamedTo string
}

// EnumMember is one well-known value of an enum attribute.
type EnumMember struct {
	// ID is the member's identifier in the registry (used by code generators).
	ID string
	// Value is the value on the wire. Int enum values are in decimal.
	Value string
	// Stability is the member's own stability level.
	Stability string
	// Deprecated is non-nil when the member value should no longer be used.
	Deprecated *Deprecation
}

// Attribute is one attribute definition of the registry.
//
// Values returned by a Registry are shared: treat them as read-only.
type Attribute struct {
	// Key is the attribute key, e.g. "http.request.method". For a template
	// attribute it is the prefix: "http.request.header" stands for
	// "http.request.header.<anything>".
	Key string
	// Type is the value type; for enums the kind of the member values.
	Type Type
	// Template is set for template[T] attributes.
	Template bool
	// Enum lists the well-known values of an enum attribute; nil otherwise.
	// Semantic-conventions enums are open, so other values are not invalid by
	// themselves.
	Enum []EnumMember
	// Stability is "stable", "development", "release_candidate", ... kept as
	// the registry spells it (older spellings such as "experimental" too).
	Stability string
	// Deprecated is non-nil when the attribute should no longer be used.
	Deprecated *Deprecation
}

// HasEnumValue reports whether v is one of the enum's well-known values. It
// reports false for attributes that are not enums.
func (a *Attribute) HasEnumValue(v string) bool {
	for i := range a.Enum {
		if a.Enum[i].Value == v {
			return true
		}
	}
	return false
}

// GroupAttribute is an attribute as used by a group, with the requirement
// level the group gives it.
type GroupAttribute struct {
	Key string
	// Requirement is "required", "conditionally_required", "recommended" or
	// "opt_in". The condition text is prose and is not kept.
	Requirement string
}

// Group is a resolved group of the registry: an attribute group, span, metric,
// event or entity definition. Attributes are fully resolved: attributes
// inherited through extends (or ref_group / refinements in the version 2
// syntax) are included, and requirement-level overrides of refs are applied.
//
// Values returned by a Registry are shared: treat them as read-only.
type Group struct {
	// ID is the group id. Version 2 definitions that have no id get the one
	// Weaver gives them: "span.<type>", "metric.<name>", "event.<name>",
	// "entity.<type>".
	ID string
	// Type is "attribute_group", "span", "metric", "event" or "entity".
	Type string
	// Extends is the id of the group this one extends or refines, if any.
	Extends string
	// SpanKind is the span kind of span groups ("client", "server",
	// "internal", "producer", "consumer").
	SpanKind string
	// MetricName, Instrument and Unit describe metric groups.
	MetricName string
	Instrument string
	Unit       string
	// Name is the event name of event groups and the entity type of entity
	// groups.
	Name       string
	Stability  string
	Deprecated *Deprecation
	// Attributes is sorted by key.
	Attributes []GroupAttribute
}

// Attribute returns the group's use of the attribute key.
func (g *Group) Attribute(key string) (GroupAttribute, bool) {
	for _, ga := range g.Attributes {
		if ga.Key == key {
			return ga, true
		}
	}
	return GroupAttribute{}, false
}

// GroupUse is one use of an attribute by a span, metric, event or entity
// group.
type GroupUse struct {
	Group       *Group
	Requirement string
}
