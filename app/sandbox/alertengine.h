#pragma once

#include "sandbox/fleet.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <deque>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace fw::sandbox {

class FleetResources;
class SimClock;

// Field name -> messages, answered as a 400 in NCM's style by the API.
using FieldErrors = QMap<QString, QStringList>;

struct PushDestination
{
    QString id;                // destination_config_id, a time-UUID
    QString account;           // account id
    QString name;
    QString url;
    QByteArray secret;
    bool enabled = true;
    bool suspended = false;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;
    qint64 lastErrorAtUs = 0;  // 0: never
    QString lastErrorText;

    // Delivery state: bodies wait in order; one request at a time.
    std::deque<QByteArray> queue;
    QNetworkReply *inFlight = nullptr;
    int failures = 0;          // consecutive failed attempts of the front body
    qint64 nextAttemptUs = 0;
    int delivered = 0;
    int attempts = 0;
};

struct AlertRule
{
    QString id;                // alert_config_id, a time-UUID
    QString account;
    QStringList accounts;
    QStringList groups;
    QStringList types;
    QStringList httpDestinations;
    QStringList emailDestinations;
    QJsonValue schedule;
    QJsonObject settings;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;
};

// Turns fleet events into NCM alerts, keeps the alerts/ history, and pushes each alert to the
// destinations of every matching rule, signed, in order, with NCM's retry and suspension.
class AlertEngine final : public QObject
{
    Q_OBJECT

public:
    // Minutes of simulated time between the attempts; suspended after the last one fails.
    static constexpr int kRetryMinutes[] = {1, 15, 45, 90, 120};
    static constexpr int kMaxAlerts = 50000;

    AlertEngine(Fleet &fleet, FleetResources &resources, SimClock &clock, quint64 seed,
                QObject *parent = nullptr);
    ~AlertEngine() override;
    Q_DISABLE_COPY_MOVE(AlertEngine)

    void setIgnoreTlsErrors(bool ignore) { m_ignoreTlsErrors = ignore; }
    void setPushTimeoutMs(int ms) { m_pushTimeoutMs = ms; }

    // Records the event as an alert and queues it for every matching destination.
    void raise(const SimEvent &event);
    // Sends what is due: the front of each queue whose retry time has come.
    void poll();

    const std::deque<QJsonObject> &alerts() const { return m_alerts; }

    QList<QJsonObject> destinations() const;
    std::optional<QJsonObject> destination(const QString &id) const;
    std::optional<QJsonObject> createDestination(const QJsonObject &body, FieldErrors *errors);
    // Returns nullopt with errors, or with empty errors when the id is unknown.
    std::optional<QJsonObject> updateDestination(const QString &id, const QJsonObject &body,
                                                 bool partial, FieldErrors *errors);
    bool removeDestination(const QString &id);
    bool sendTestPush(const QString &id);

    QList<QJsonObject> rules() const;
    std::optional<QJsonObject> rule(const QString &id) const;
    std::optional<QJsonObject> createRule(const QJsonObject &body, FieldErrors *errors);
    std::optional<QJsonObject> updateRule(const QString &id, const QJsonObject &body, bool partial,
                                          FieldErrors *errors);
    bool removeRule(const QString &id);

    QJsonObject statistics() const;

    static QByteArray signature(QByteArrayView body, QByteArrayView secret);

Q_SIGNALS:
    void pushFinished(const QString &destinationId, int httpStatus, bool delivered);
    void destinationSuspended(const QString &destinationId);

private:
    QJsonObject makeAlert(const SimEvent &event);
    bool ruleCovers(const AlertRule &rule, const Router &router, const QString &type) const;
    void enqueue(PushDestination &destination, const QByteArray &body);
    void send(PushDestination &destination, const QByteArray &body, bool test);
    void finished(const QString &destinationId, QNetworkReply *reply, bool test);
    void failed(PushDestination &destination, const QString &why);

    QString newId();
    PushDestination *findDestination(const QString &id);
    QJsonObject toJson(const PushDestination &destination) const;
    QJsonObject toJson(const AlertRule &rule) const;
    QJsonObject ruleInput(const AlertRule &rule) const;
    std::optional<AlertRule> validateRule(const QJsonObject &body, FieldErrors *errors) const;
    QStringList validateIds(const QJsonValue &value, const QString &field, FieldErrors *errors,
                            const std::function<bool(const QString &)> &exists) const;

    Fleet &m_fleet;
    FleetResources &m_resources;
    SimClock &m_clock;
    quint64 m_node;
    quint16 m_clockSeq;
    qint64 m_lastCreatedUs = 0;
    qint64 m_lastIdUs = 0;
    std::deque<QJsonObject> m_alerts;
    std::vector<std::unique_ptr<PushDestination>> m_destinations;
    QList<AlertRule> m_rules;
    QNetworkAccessManager *m_network;
    bool m_ignoreTlsErrors = false;
    int m_pushTimeoutMs = 10000;
    qint64 m_alertCount = 0;
};

} // namespace fw::sandbox
