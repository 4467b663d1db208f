#pragma once

#include "rules/alertrule.h"

#include <QHash>

namespace fw::ncm {
class Catalogue;
}

namespace fw::rules {

// Names for the ids a rule holds, from synced data; an id without a name is shown as-is.
struct NameBook
{
    QHash<QString, QString> accounts;
    QHash<QString, QString> groups;
    QHash<QString, QString> destinations;

    QString account(const QString &id) const { return accounts.value(id, id); }
    QString group(const QString &id) const { return groups.value(id, id); }
    QString destination(const QString &id) const { return destinations.value(id, id); }
};

// "Cellular WAN disconnected, Modem unplugged in group Trucks → webhook NOC, 1 e-mail".
// At most three type titles are named; the rest are counted.
QString summarizeRule(const AlertRule &rule, const ncm::Catalogue &catalogue, const NameBook &names = {});

} // namespace fw::rules
