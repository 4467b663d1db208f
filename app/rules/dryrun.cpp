#include "rules/dryrun.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

enum class ScopeMatch { In, Out, Unknown };

ScopeMatch inScope(const AlertRule &rule, const store::Event &event, const ScopeBook &scope)
{
    const QString &routerId = event.alert.routerId;
    QString account = event.alert.accountId;
    if (account.isEmpty())
        account = scope.routerAccount.value(routerId);
    if (!account.isEmpty() && rule.associatedAccounts.contains(account))
        return ScopeMatch::In;

    const auto group = scope.routerGroup.constFind(routerId);
    if (group != scope.routerGroup.cend())
        return rule.associatedGroups.contains(*group) ? ScopeMatch::In : ScopeMatch::Out;
    if (rule.associatedGroups.isEmpty())
        return account.isEmpty() ? ScopeMatch::Unknown : ScopeMatch::Out;
    return ScopeMatch::Unknown;
}

} // namespace

QString DryRunResult::sentence() const
{
    if (!error.isEmpty())
        return error;
    const qint64 days = std::max<qint64>(1, from.daysTo(to));
    if (total == 0)
        return u"Would not have fired in the last %1 days."_s.arg(days);
    QString text = u"Would have fired %1 %2 on %3 %4 in the last %5 days"_s
                       .arg(total)
                       .arg(total == 1 ? u"time"_s : u"times"_s)
                       .arg(routers.size())
                       .arg(routers.size() == 1 ? u"router"_s : u"routers"_s)
                       .arg(days);
    if (scopeUnknown > 0)
        text += u" (%1 on routers whose group is not synced yet)"_s.arg(scopeUnknown);
    return text + u'.';
}

DryRunResult dryRun(const AlertRule &rule, const QList<store::Event> &events, const ScopeBook &scope,
                    const QDateTime &from, const QDateTime &to)
{
    DryRunResult result{from, to, 0, 0, 0, {}, {}};
    QHash<QString, RouterFiring> perRouter;
    for (const store::Event &event : events) {
        const QDateTime at = event.alert.detectedAt;
        if (!rule.types.contains(event.alert.type) || at < from || at >= to)
            continue;
        const ScopeMatch match = inScope(rule, event, scope);
        if (match == ScopeMatch::Out) {
            ++result.outsideScope;
            continue;
        }
        if (match == ScopeMatch::Unknown)
            ++result.scopeUnknown;
        ++result.total;
        RouterFiring &firing = perRouter[event.alert.routerId];
        firing.routerId = event.alert.routerId;
        if (firing.routerName.isEmpty())
            firing.routerName = event.alert.routerDetails.name;
        ++firing.count;
        firing.last = std::max(firing.last, at);
    }

    result.routers = perRouter.values();
    std::sort(result.routers.begin(), result.routers.end(), [](const RouterFiring &a, const RouterFiring &b) {
        return a.count != b.count ? a.count > b.count : a.routerId < b.routerId;
    });
    return result;
}

} // namespace fw::rules
