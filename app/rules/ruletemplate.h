#pragma once

#include "rules/alertrule.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fw::ncm {
class Catalogue;
}

namespace fw::rules {

// A starting point for the rules a NOC begins with. Types whose identifier is known come
// from the catalogue; where NCM's identifier is open (shared/ncm-facts.md section 3) the
// template names the UI title and the operator picks the identifier.
struct RuleTemplate
{
    QString key;               // "offline", "geofence_exit", ...
    QString title;
    QString description;
    QStringList types;         // identifiers the catalogue knows
    QStringList openTitles;    // catalogue titles of UI-only types: identifier to be picked

    bool needsPick() const { return !openTitles.isEmpty(); }
    // A draft with the types filled in; scope and destinations are the operator's.
    AlertRule draft() const;
    // A sentence telling the operator what to pick, or empty.
    QString pickNote() const;
};

// The built-in templates. Identifiers the catalogue does not (or no longer) know are dropped,
// so a template never proposes a type the catalogue cannot name.
QList<RuleTemplate> ruleTemplates(const ncm::Catalogue &catalogue);

} // namespace fw::rules
