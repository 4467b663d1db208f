#pragma once

#include "rules/alertrule.h"

#include <QJsonValue>
#include <QList>
#include <QStringList>

namespace fw::rules {

// One field that differs between two versions of a rule.
struct FieldChange
{
    QString field;      // "associated_groups", "filter_criteria.alert_type__in", "settings.wwan_disconnected", ...
    QJsonValue before;  // undefined when the field was added
    QJsonValue after;   // undefined when the field was removed
    QStringList added;  // for list fields: entries only in after
    QStringList removed;// for list fields: entries only in before
    friend bool operator==(const FieldChange &, const FieldChange &) = default;
};

// A structured diff between two versions of a rule, field by field. Lists are compared as
// sets; settings per type; unknown fields by value. Identity (id, updated_at) is ignored.
struct RuleDiff
{
    QList<FieldChange> changes;

    bool isEmpty() const { return changes.isEmpty(); }
    const FieldChange *find(QStringView field) const;
    QStringList addedTypes() const;
    QStringList removedTypes() const;
    QStringList addedDestinations() const;   // http and e-mail
    QStringList removedDestinations() const;

    // One line per change: "+ type wwan_disconnected", "~ schedule: null → {...}".
    QStringList lines() const;
};

RuleDiff diffRules(const AlertRule &before, const AlertRule &after);

} // namespace fw::rules
