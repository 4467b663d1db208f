#include "rules/destinationservice.h"

#include "api/ncmclient.h"
#include "api/secretstore.h"
#include "core/logging.h"
#include "rules/auditlog.h"
#include "store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

const QString s_endpoint = u"alert_push_destinations"_s;

QString destinationPath(const QString &id)
{
    return s_endpoint + u'/' + id;
}

QJsonObject describe(const api::DestinationInfo &d)
{
    return {{u"destination_config_id"_s, d.id},
            {u"name"_s, d.name},
            {u"endpoint"_s, QJsonObject{{u"url"_s, d.url}}},
            {u"enabled"_s, d.enabled},
            {u"suspended"_s, d.suspended}};
}

QString infoDestination(const QJsonValue &info)
{
    QJsonObject object = info.toObject();
    if (info.isString())
        object = QJsonDocument::fromJson(info.toString().toUtf8()).object();
    return object.value("destination_config_id"_L1).toString();
}

} // namespace

DestinationState destinationState(const api::DestinationInfo &destination)
{
    if (!destination.enabled)
        return DestinationState::Disabled;
    if (destination.suspended)
        return DestinationState::Suspended;
    if (destination.lastErrorAt.isValid()
        && (!destination.updatedAt.isValid() || destination.lastErrorAt >= destination.updatedAt))
        return DestinationState::Failing;
    return DestinationState::Active;
}

QString stateName(DestinationState state)
{
    switch (state) {
    case DestinationState::Active: return u"active"_s;
    case DestinationState::Failing: return u"failing"_s;
    case DestinationState::Suspended: return u"suspended"_s;
    case DestinationState::Disabled: return u"disabled"_s;
    }
    return {};
}

DestinationService::DestinationService(api::NcmClient *client, api::SecretStore *secrets, AuditLog *audit,
                                       const QString &who, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_secrets(secrets)
    , m_audit(audit)
    , m_who(who)
{
}

DestinationService::~DestinationService() = default;

QString DestinationService::secretKey(const QString &destinationId)
{
    return u"webhook-destination/"_s + destinationId;
}

QByteArray DestinationService::generateSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toHex();
}

void DestinationService::watchArrivals(store::EventStore *store)
{
    connect(store, &store::EventStore::eventsCommitted, this, &DestinationService::onCommitted);
}

void DestinationService::onCommitted(const QList<store::Event> &events)
{
    for (const store::Event &event : events) {
        if (!event.signatureVerified)
            continue;
        if (const QString id = infoDestination(event.alert.info); !id.isEmpty())
            Q_EMIT testPushArrived(id);
    }
}

void DestinationService::list(QObject *context, ListDone done)
{
    auto destinations = std::make_shared<QList<api::DestinationInfo>>();
    m_client->list(
        s_endpoint, {}, context,
        [destinations](const QJsonArray &records) {
            for (const QJsonValue &record : records) {
                QString error;
                const std::optional<api::DestinationInfo> d = api::parseDestination(record.toObject(), &error);
                if (!d)
                    return error;
                destinations->append(*d);
            }
            return QString();
        },
        [destinations, done](const QString &error) { done(*destinations, error); });
}

void DestinationService::create(const QString &name, const QUrl &url, QObject *context, Done done)
{
    const bool own = m_hooks.isOwnListener && m_hooks.isOwnListener(url);
    const QByteArray secret = own && m_hooks.currentSecret ? m_hooks.currentSecret() : generateSecret();
    const QJsonObject body{{u"name"_s, name},
                           {u"endpoint"_s, QJsonObject{{u"url"_s, url.toString()}}},
                           {u"authentication"_s, QJsonObject{{u"secret"_s, QString::fromLatin1(secret)}}}};
    QPointer<DestinationService> self(this);
    sendWrite(u"create destination"_s, "POST", s_endpoint, body, {}, context,
              [self, secret, done](const DestinationOutcome &outcome) {
                  if (self && outcome.ok && outcome.destination)
                      self->keepSecret(outcome.destination->id, secret);
                  done(outcome);
              });
}

void DestinationService::keepSecret(const QString &id, const QByteArray &secret)
{
    if (!m_secrets)
        return;
    QPointer<DestinationService> self(this);
    m_secrets->write(secretKey(id), secret, this, [self, id](const QString &error) {
        if (!error.isEmpty() && self)
            Q_EMIT self->secretProblem(
                u"The secret of destination %1 could not be kept (%2); rotate it once secrets can be stored."_s.arg(id, error));
    });
}

void DestinationService::test(const QString &id, QObject *context, Done done)
{
    const QJsonObject body{{u"destination_config_id"_s, id}};
    QPointer<DestinationService> self(this);
    m_client->send("POST", u"test_alert_push_destinations"_s, body, context,
                   [self, id, body, done](const api::ApiReply &reply) {
                       DestinationOutcome outcome;
                       outcome.ok = reply.ok();
                       outcome.error = explainReply(reply, u"the test push"_s);
                       if (self)
                           outcome.auditId = self->audit(u"test destination"_s, u"POST"_s,
                                                         u"test_alert_push_destinations/"_s, id, {}, body, reply);
                       done(outcome);
                   });
}

void DestinationService::unsuspend(const QString &id, QObject *context, Done done)
{
    sendWrite(u"un-suspend destination"_s, "PATCH", destinationPath(id), QJsonObject{{u"suspended"_s, false}},
              QJsonObject{{u"suspended"_s, true}}, context, std::move(done));
}

void DestinationService::remove(const api::DestinationInfo &destination, QObject *context, Done done)
{
    QPointer<DestinationService> self(this);
    const QString id = destination.id;
    sendWrite(u"delete destination"_s, "DELETE", destinationPath(id), {}, describe(destination), context,
              [self, id, done](const DestinationOutcome &outcome) {
                  if (self && outcome.ok && self->m_secrets)
                      self->m_secrets->remove(secretKey(id), self, [](const QString &) {});
                  done(outcome);
              });
}

void DestinationService::rotateSecret(const api::DestinationInfo &destination, QObject *context, Done done)
{
    const bool own = m_hooks.isOwnListener && m_hooks.isOwnListener(QUrl(destination.url));
    const QByteArray previous = own && m_hooks.currentSecret ? m_hooks.currentSecret() : QByteArray();
    applyRotation(destination, previous, context, std::move(done));
}

void DestinationService::applyRotation(const api::DestinationInfo &destination, const QByteArray &previous,
                                       QObject *context, Done done)
{
    auto rotation = std::make_shared<Rotation>();
    rotation->previous = previous;
    rotation->next = generateSecret();
    rotation->ownListener = !previous.isEmpty() && m_hooks.acceptSecrets;

    // The listener learns the new secret before NCM signs with it.
    if (rotation->ownListener)
        m_hooks.acceptSecrets(rotation->next, rotation->previous);

    const QString id = destination.id;
    const QJsonObject body{{u"authentication"_s, QJsonObject{{u"secret"_s, QString::fromLatin1(rotation->next)}}}};
    QPointer<DestinationService> self(this);
    sendWrite(u"rotate destination secret"_s, "PATCH", destinationPath(id), body, describe(destination), context,
              [self, id, rotation, done](const DestinationOutcome &outcome) {
                  if (!self)
                      return;
                  if (!outcome.ok) {
                      if (rotation->ownListener)
                          self->m_hooks.acceptSecrets(rotation->previous, {});
                      done(outcome);
                      return;
                  }
                  self->keepSecret(id, rotation->next);
                  rotation->timer = std::make_unique<QTimer>();
                  rotation->timer->setSingleShot(true);
                  connect(rotation->timer.get(), &QTimer::timeout, self, [self, id] { self->finishRotation(id); });
                  rotation->timer->start(static_cast<int>(std::min<qint64>(self->m_changeOverMs, INT_MAX)));
                  self->m_rotations.insert(id, rotation);
                  done(outcome);
              });
}

void DestinationService::finishRotation(const QString &id)
{
    const std::shared_ptr<Rotation> rotation = m_rotations.take(id);
    if (!rotation)
        return;
    if (rotation->ownListener)
        m_hooks.acceptSecrets(rotation->next, {});
    Q_EMIT rotationFinished(id);
}

void DestinationService::sendWrite(const QString &action, const QByteArray &method, const QString &path,
                                   const QJsonObject &body, const QJsonObject &before, QObject *context, Done done)
{
    QPointer<DestinationService> self(this);
    m_client->send(method, path, body, context,
                   [self, action, method, path, body, before, context, done](const api::ApiReply &reply) {
                       if (!self)
                           return;
                       DestinationOutcome outcome;
                       outcome.ok = reply.ok();
                       outcome.error = explainReply(reply, u"the destination"_s);
                       QString error;
                       if (outcome.ok && method != "DELETE") {
                           outcome.destination = api::parseDestination(reply.json.object(), &error);
                           if (!outcome.destination)
                               outcome.error.sentence = u"NCM answered with a destination Fleetwall cannot read (%1)."_s.arg(error);
                       }
                       const QString id = outcome.destination ? outcome.destination->id : path.section(u'/', 1, 1);
                       outcome.auditId = self->audit(action, QString::fromLatin1(method), path + u'/', id, before, body, reply);
                       if (outcome.ok)
                           Q_EMIT self->destinationsChanged();
                       if (outcome.ok && outcome.destination && method != "POST")
                           self->readBack(id, outcome, context, done);
                       else
                           done(outcome);
                   });
}

void DestinationService::readBack(const QString &id, DestinationOutcome outcome, QObject *context, Done done)
{
    m_client->get(destinationPath(id), {}, context, [outcome, done](const api::ApiReply &reply) mutable {
        QString error;
        if (reply.ok())
            outcome.destination = api::parseDestination(reply.json.object(), &error);
        else
            outcome.error.sentence = u"The change was written but could not be read back: %1"_s.arg(reply.error);
        done(outcome);
    });
}

qint64 DestinationService::audit(const QString &action, const QString &method, const QString &endpoint,
                                 const QString &id, const QJsonObject &before, const QJsonObject &after,
                                 const api::ApiReply &reply)
{
    if (!m_audit)
        return 0;
    AuditEntry entry;
    entry.who = m_who;
    entry.action = action;
    entry.method = method;
    entry.endpoint = endpoint;
    entry.targetId = id;
    entry.before = before;
    entry.after = after;
    entry.status = reply.status;
    entry.message = reply.ok() ? reply.ncmMessage : reply.error;
    entry.outcome = reply.ok() ? u"ok"_s : u"failed"_s;
    return m_audit->record(entry);
}

} // namespace fw::rules
