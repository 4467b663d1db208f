#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// An NCM alert rule (alert_rules/, shared/ncm-facts.md section 1) as a value. Fields the
// editor does not know are kept in `extra` and written back unchanged.
namespace fw::rules {

struct AlertRule
{
    QString id;                     // alert_config_id; empty for a rule not yet in NCM
    QString account;                // account id (NCM may answer with a URL: reduced to its id)
    QStringList associatedAccounts; // ids
    QStringList associatedGroups;   // ids
    QStringList types;              // filter_criteria.alert_type__in
    QStringList httpDestinations;   // destination_config_ids
    QStringList emailDestinations;  // as NCM names them: ids or addresses
    QJsonValue schedule;            // null when absent
    QJsonValue settings;            // per-type settings; normally an object, kept as given
    QString updatedAt;              // read-only, as NCM wrote it
    QJsonObject filterExtra;        // filter_criteria keys besides alert_type__in
    QJsonObject extra;              // unknown top-level fields, including read-only ones

    // Parses a record from NCM. *error gets one sentence when the record is not a rule.
    static std::optional<AlertRule> fromJson(const QJsonObject &json, QString *error = nullptr);

    // The record with every field, as NCM would show it (for diffs and the audit log).
    QJsonObject toJson() const;
    // The body for POST or PUT: read-only fields left out, unknown fields kept.
    QJsonObject writableJson() const;

    // Lists sorted and without duplicates.
    AlertRule normalised() const;
    // Same content as far as a write is concerned (ids, updated_at and read-only fields aside).
    bool sameContent(const AlertRule &other) const;
    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

// Fields NCM sets itself; never sent in a write.
const QStringList &readOnlyRuleFields();

} // namespace fw::rules

Q_DECLARE_METATYPE(fw::rules::AlertRule)
