#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace fw::api {

class NcmClient;

// alert_push_destinations/ as read back (the secret never is).
struct DestinationInfo
{
    QString id; // destination_config_id
    QString name;
    QString url;
    bool enabled = true;
    bool suspended = false;
    QDateTime lastErrorAt;
    QString lastErrorText;
    QDateTime updatedAt;
};

// An alert rule that sends the given types, for accounts or groups, to our destination.
// NCM applies a rule only with an account or a group in scope; there is no per-router scope.
struct RuleSpec
{
    QString accountId;          // the rule's owner account
    QStringList accountIds;     // associated_accounts
    QStringList groupIds;       // associated_groups
    QStringList alertTypes;     // filter_criteria.alert_type__in
};

struct RuleInfo
{
    QString id; // alert_config_id
    QStringList accountIds;
    QStringList groupIds;
    QStringList alertTypes;
    QStringList httpDestinations;
};

std::optional<DestinationInfo> parseDestination(const QJsonObject &record, QString *error);
std::optional<RuleInfo> parseRule(const QJsonObject &record, QString *error);

// The webhook half of the v2 API: destinations, their test, their suspension, and rules.
// Each operation is one call except findDestination() and writeRule() (list, then write).
class PushDestinations final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushDestinations)

public:
    template<typename T>
    using Done = std::function<void(const std::optional<T> &result, const QString &error)>;
    using Finished = std::function<void(const QString &error)>;

    explicit PushDestinations(NcmClient *client, QObject *parent = nullptr);
    ~PushDestinations() override;

    // Reads the destination (a missing one is an error naming the id).
    void check(const QString &destinationId, QObject *context, Done<DestinationInfo> done);
    void create(const QString &name, const QUrl &url, const QByteArray &secret, QObject *context,
                Done<DestinationInfo> done);
    void remove(const QString &destinationId, QObject *context, Finished done);
    // PATCH {"suspended": false}.
    void unsuspend(const QString &destinationId, QObject *context, Finished done);
    // POST test_alert_push_destinations/: any 2xx means NCM accepted to send a test push.
    void test(const QString &destinationId, QObject *context, Finished done);
    // Updates the rule that already sends to the destination, or creates one.
    void writeRule(const RuleSpec &spec, const QString &destinationId, QObject *context, Done<RuleInfo> done);

private:
    QJsonObject ruleBody(const RuleSpec &spec, const QString &destinationId, const RuleInfo *existing) const;

    NcmClient *m_client;
};

} // namespace fw::api
