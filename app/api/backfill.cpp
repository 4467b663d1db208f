#include "api/backfill.h"

#include "api/clock.h"
#include "api/fleetrecords.h"
#include "api/ncmclient.h"
#include "core/logging.h"
#include "store/eventstore.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

Backfill::Backfill(NcmClient *client, store::EventStore *store, AlertParser parse,
                   EventPreparer prepare, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_parse(std::move(parse))
    , m_prepare(std::move(prepare))
{
    connect(m_store, &store::EventStore::eventsCommitted, this, &Backfill::onCommitted);
}

Backfill::~Backfill() = default;

void Backfill::setWatermark(const QDateTime &createdAt)
{
    m_watermark = createdAt.toUTC();
}

void Backfill::run()
{
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    m_again = false;

    qint64 sinceUsec = m_watermark.isValid() ? m_watermark.toMSecsSinceEpoch() * 1000 : 0;
    if (m_usecSource)
        sinceUsec = std::max(sinceUsec, m_usecSource());
    if (sinceUsec <= 0)
        sinceUsec = m_client->clock()->now().addMSecs(-m_initialLookbackMs).toMSecsSinceEpoch() * 1000;
    QUrlQuery query;
    // No order_by: NCM answers 409 to it on alerts/. '+' must travel as %2B.
    query.addQueryItem(u"created_at__gt"_s, formatNcmTimeUsec(sinceUsec).replace(u'+', u"%2B"_s));

    auto events = std::make_shared<QList<store::Event>>();
    const auto page = [this, events](const QJsonArray &records) -> QString {
        const QDateTime receivedAt = m_client->clock()->now();
        for (const QJsonValue &value : records) {
            QString error;
            const auto alert = value.isObject() ? m_parse(value.toObject(), &error) : std::nullopt;
            if (!alert)
                return u"NCM's alerts/ sent an alert Fleetwall cannot read: %1"_s.arg(error.isEmpty() ? u"not an object."_s : error);
            store::Event event;
            event.alert = *alert;
            event.source = store::Source::Backfill;
            event.receivedAt = receivedAt;
            if (m_prepare)
                m_prepare(event);
            events->append(std::move(event));
        }
        return {};
    };
    m_client->list(u"alerts"_s, query, this, page, [this, events](const QString &error) {
        if (!error.isEmpty()) {
            done(0, 0, 0, error);
            return;
        }
        submit(std::move(*events));
    });
}

void Backfill::submit(QList<store::Event> events)
{
    const int fetched = static_cast<int>(events.size());
    if (events.isEmpty()) {
        done(0, 0, 0, {});
        return;
    }
    m_store->append(std::move(events), this, [this, fetched](const store::AppendResult &result) {
        done(fetched, result.inserted, result.duplicates, result.ok ? QString() : result.error);
    });
}

void Backfill::done(int fetched, int inserted, int duplicates, const QString &error)
{
    m_running = false;
    if (!error.isEmpty())
        qCWarning(lcApi) << "back-fill failed:" << error;
    Q_EMIT finished(fetched, inserted, duplicates, error);
    if (m_again)
        run();
}

void Backfill::onCommitted(const QList<fw::store::Event> &events)
{
    for (const store::Event &event : events)
        advance(event.alert.createdAt);
}

void Backfill::advance(const QDateTime &createdAt)
{
    if (!createdAt.isValid() || (m_watermark.isValid() && createdAt <= m_watermark))
        return;
    m_watermark = createdAt.toUTC();
    Q_EMIT watermarkChanged(m_watermark);
}

} // namespace fw::api
