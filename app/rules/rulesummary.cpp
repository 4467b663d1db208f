#include "rules/rulesummary.h"

#include "ncm/catalogue.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

constexpr int s_namedAtMost = 3;

QString listed(const QStringList &items)
{
    if (items.size() <= s_namedAtMost)
        return items.join(u", "_s);
    return items.first(s_namedAtMost).join(u", "_s) + u" and %1 more"_s.arg(items.size() - s_namedAtMost);
}

QString typesPart(const AlertRule &rule, const ncm::Catalogue &catalogue)
{
    if (rule.types.isEmpty())
        return u"No alert types"_s;
    QStringList titles;
    for (const QString &type : rule.types)
        titles.append(catalogue.lookup(type).title);
    return listed(titles);
}

QString scopePart(const AlertRule &rule, const NameBook &names)
{
    QStringList parts;
    QStringList groups;
    for (const QString &id : rule.associatedGroups)
        groups.append(names.group(id));
    QStringList accounts;
    for (const QString &id : rule.associatedAccounts)
        accounts.append(names.account(id));
    if (!groups.isEmpty())
        parts.append((groups.size() == 1 ? u"group "_s : u"groups "_s) + listed(groups));
    if (!accounts.isEmpty())
        parts.append((accounts.size() == 1 ? u"account "_s : u"accounts "_s) + listed(accounts));
    return parts.isEmpty() ? u"no scope (inactive)"_s : parts.join(u" and "_s);
}

QString destinationsPart(const AlertRule &rule, const NameBook &names)
{
    QStringList parts;
    QStringList hooks;
    for (const QString &id : rule.httpDestinations)
        hooks.append(names.destination(id));
    if (!hooks.isEmpty())
        parts.append((hooks.size() == 1 ? u"webhook "_s : u"webhooks "_s) + listed(hooks));
    if (const qsizetype mails = rule.emailDestinations.size(); mails > 0)
        parts.append(mails == 1 ? u"1 e-mail"_s : u"%1 e-mails"_s.arg(mails));
    return parts.isEmpty() ? u"nowhere"_s : parts.join(u", "_s);
}

} // namespace

QString summarizeRule(const AlertRule &rule, const ncm::Catalogue &catalogue, const NameBook &names)
{
    return typesPart(rule, catalogue) + u" in "_s + scopePart(rule, names) + u" → "_s
           + destinationsPart(rule, names);
}

} // namespace fw::rules
