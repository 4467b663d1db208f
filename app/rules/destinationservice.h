#pragma once

#include "api/pushdestinations.h"
#include "rules/ncmerror.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace fw::api {
class NcmClient;
class SecretStore;
struct ApiReply;
}

namespace fw::store {
class EventStore;
struct Event;
}

namespace fw::rules {

class AuditLog;

enum class DestinationState { Active, Failing, Suspended, Disabled };

// Disabled and suspended first; failing when NCM recorded an error after the last change.
DestinationState destinationState(const api::DestinationInfo &destination);
QString stateName(DestinationState state);

// How the editor reaches our own webhook listener, wired by the main window. All optional.
struct ListenerHooks
{
    // Whether NCM would push to our own listener at this URL (the listener's public URL).
    std::function<bool(const QUrl &url)> isOwnListener;
    // The secret the listener verifies with now; a destination to our listener must use it.
    std::function<QByteArray()> currentSecret;
    // Makes the listener accept `current`, and `previous` too while it is not empty.
    // TODO: WebhookListener has no setter for its secrets yet; until it has, the main window
    // restarts it on the same port with ListenerConfig{secret, secondSecret} (as the tests do).
    std::function<void(const QByteArray &current, const QByteArray &previous)> acceptSecrets;
};

struct DestinationOutcome
{
    bool ok = false;
    NcmError error;
    std::optional<api::DestinationInfo> destination; // as read back
    qint64 auditId = 0;
};

// alert_push_destinations/ for the editor: list with state, create with a generated secret
// kept in the SecretStore, test (and see the signed test push arrive when the URL is our
// listener), un-suspend, rotate the secret with a change-over, delete. Every write is audited.
class DestinationService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DestinationService)

public:
    using ListDone = std::function<void(const QList<api::DestinationInfo> &destinations, const QString &error)>;
    using Done = std::function<void(const DestinationOutcome &outcome)>;

    // NCM may re-send a failed push for up to 271 minutes, and whether such a retry is signed
    // with the new secret is unknown: the old secret stays accepted that long by default.
    static constexpr qint64 DefaultChangeOverMs = 271LL * 60 * 1000;

    DestinationService(api::NcmClient *client, api::SecretStore *secrets, AuditLog *audit, const QString &who,
                       QObject *parent = nullptr);
    ~DestinationService() override;

    void setListenerHooks(ListenerHooks hooks) { m_hooks = std::move(hooks); }
    // Test pushes committed by this store confirm arrival (testPushArrived).
    void watchArrivals(store::EventStore *store);
    void setChangeOverMs(qint64 ms) { m_changeOverMs = ms; }

    // The key under which a destination's secret is kept in the SecretStore.
    static QString secretKey(const QString &destinationId);
    // 32 random bytes as 64 hex characters.
    static QByteArray generateSecret();

    void list(QObject *context, ListDone done);
    void create(const QString &name, const QUrl &url, QObject *context, Done done);
    void test(const QString &id, QObject *context, Done done);
    void unsuspend(const QString &id, QObject *context, Done done);
    void remove(const api::DestinationInfo &destination, QObject *context, Done done);
    // New secret to NCM and the keychain; the listener accepts both until finishRotation()
    // or the change-over period ends.
    void rotateSecret(const api::DestinationInfo &destination, QObject *context, Done done);
    void finishRotation(const QString &id);
    bool isRotating(const QString &id) const { return m_rotations.contains(id); }

Q_SIGNALS:
    void destinationsChanged();
    // A signed test push for this destination reached our listener and was stored.
    void testPushArrived(const QString &destinationId);
    void rotationFinished(const QString &destinationId);
    // The keychain could not keep a secret: the operator must know.
    void secretProblem(const QString &sentence);

private:
    struct Rotation
    {
        QByteArray previous;
        QByteArray next;
        bool ownListener = false;
        std::unique_ptr<QTimer> timer;
    };

    void onCommitted(const QList<store::Event> &events);
    void keepSecret(const QString &id, const QByteArray &secret);
    void sendWrite(const QString &action, const QByteArray &method, const QString &path, const QJsonObject &body,
                   const QJsonObject &before, QObject *context, Done done);
    void readBack(const QString &id, DestinationOutcome outcome, QObject *context, Done done);
    void applyRotation(const api::DestinationInfo &destination, const QByteArray &previous, QObject *context,
                       Done done);
    qint64 audit(const QString &action, const QString &method, const QString &endpoint, const QString &id,
                 const QJsonObject &before, const QJsonObject &after, const api::ApiReply &reply);

    api::NcmClient *m_client;
    api::SecretStore *m_secrets;
    AuditLog *m_audit;
    QString m_who;
    ListenerHooks m_hooks;
    qint64 m_changeOverMs = DefaultChangeOverMs;
    QHash<QString, std::shared_ptr<Rotation>> m_rotations;
};

} // namespace fw::rules
