#include "rules/rulediff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

QString compact(const QJsonValue &value)
{
    if (value.isUndefined())
        return u"(absent)"_s;
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isString())
        return u'"' + value.toString() + u'"';
    if (value.isNull())
        return u"null"_s;
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return QString::number(value.toDouble());
}

void diffList(const QString &field, const QStringList &before, const QStringList &after,
              QList<FieldChange> *changes)
{
    FieldChange change{field, QJsonArray::fromStringList(before), QJsonArray::fromStringList(after), {}, {}};
    for (const QString &item : after) {
        if (!before.contains(item) && !change.added.contains(item))
            change.added.append(item);
    }
    for (const QString &item : before) {
        if (!after.contains(item) && !change.removed.contains(item))
            change.removed.append(item);
    }
    if (!change.added.isEmpty() || !change.removed.isEmpty())
        changes->append(change);
}

void diffValue(const QString &field, const QJsonValue &before, const QJsonValue &after,
               QList<FieldChange> *changes)
{
    if (before != after)
        changes->append({field, before, after, {}, {}});
}

// Settings per type key, so a change to one type's threshold reads as that alone.
void diffSettings(const QJsonValue &before, const QJsonValue &after, QList<FieldChange> *changes)
{
    if (!before.isObject() || !after.isObject()) {
        diffValue(u"settings"_s, before, after, changes);
        return;
    }
    const QJsonObject a = before.toObject();
    const QJsonObject b = after.toObject();
    QStringList keys = a.keys() + b.keys();
    keys.sort();
    keys.removeDuplicates();
    for (const QString &key : keys)
        diffValue(u"settings."_s + key, a.value(key), b.value(key), changes);
}

void diffObjects(const QString &prefix, const QJsonObject &a, const QJsonObject &b,
                 QList<FieldChange> *changes)
{
    QStringList keys = a.keys() + b.keys();
    keys.sort();
    keys.removeDuplicates();
    for (const QString &key : keys) {
        if (readOnlyRuleFields().contains(key))
            continue;
        diffValue(prefix + key, a.value(key), b.value(key), changes);
    }
}

} // namespace

const FieldChange *RuleDiff::find(QStringView field) const
{
    for (const FieldChange &change : changes) {
        if (change.field == field)
            return &change;
    }
    return nullptr;
}

QStringList RuleDiff::addedTypes() const
{
    const FieldChange *change = find(u"filter_criteria.alert_type__in");
    return change ? change->added : QStringList{};
}

QStringList RuleDiff::removedTypes() const
{
    const FieldChange *change = find(u"filter_criteria.alert_type__in");
    return change ? change->removed : QStringList{};
}

QStringList RuleDiff::addedDestinations() const
{
    QStringList result;
    for (const QStringView field : {u"http_destinations", u"email_destinations"}) {
        if (const FieldChange *change = find(field))
            result += change->added;
    }
    return result;
}

QStringList RuleDiff::removedDestinations() const
{
    QStringList result;
    for (const QStringView field : {u"http_destinations", u"email_destinations"}) {
        if (const FieldChange *change = find(field))
            result += change->removed;
    }
    return result;
}

QStringList RuleDiff::lines() const
{
    QStringList lines;
    for (const FieldChange &change : changes) {
        if (!change.added.isEmpty() || !change.removed.isEmpty()) {
            for (const QString &item : change.added)
                lines.append(u"+ %1: %2"_s.arg(change.field, item));
            for (const QString &item : change.removed)
                lines.append(u"- %1: %2"_s.arg(change.field, item));
            continue;
        }
        lines.append(u"~ %1: %2 → %3"_s.arg(change.field, compact(change.before), compact(change.after)));
    }
    return lines;
}

RuleDiff diffRules(const AlertRule &before, const AlertRule &after)
{
    RuleDiff diff;
    diffValue(u"account"_s, before.account, after.account, &diff.changes);
    diffList(u"associated_accounts"_s, before.associatedAccounts, after.associatedAccounts, &diff.changes);
    diffList(u"associated_groups"_s, before.associatedGroups, after.associatedGroups, &diff.changes);
    diffList(u"filter_criteria.alert_type__in"_s, before.types, after.types, &diff.changes);
    diffObjects(u"filter_criteria."_s, before.filterExtra, after.filterExtra, &diff.changes);
    diffList(u"http_destinations"_s, before.httpDestinations, after.httpDestinations, &diff.changes);
    diffList(u"email_destinations"_s, before.emailDestinations, after.emailDestinations, &diff.changes);
    diffValue(u"schedule"_s, before.schedule, after.schedule, &diff.changes);
    diffSettings(before.settings, after.settings, &diff.changes);
    diffObjects(QString(), before.extra, after.extra, &diff.changes);
    return diff;
}

} // namespace fw::rules
