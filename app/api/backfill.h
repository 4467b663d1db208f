#pragma once

#include "ncm/alert.h"
#include "store/event.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

namespace fw::store {
class EventStore;
}

namespace fw::api {

class NcmClient;

// Fills gaps in the event feed from alerts/?created_at__gt=<newest seen>. Every page is
// parsed first; only a complete, well-formed answer is submitted to the store (as
// Source::Backfill), where deduplication makes re-delivered alerts harmless.
// The watermark follows every committed event, pushed or back-filled.
class Backfill final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Backfill)

public:
    using AlertParser = std::function<std::optional<ncm::Alert>(const QJsonObject &, QString *)>;
    // Fills what the store expects besides the alert (category, title, dedup key...).
    using EventPreparer = std::function<void(store::Event &)>;

    Backfill(NcmClient *client, store::EventStore *store, AlertParser parse,
             EventPreparer prepare = {}, QObject *parent = nullptr);
    ~Backfill() override;

    // Without a watermark the first back-fill looks this far back (simulated ms).
    void setInitialLookbackMs(qint64 ms) { m_initialLookbackMs = ms; }
    void setWatermark(const QDateTime &createdAt);
    QDateTime watermark() const { return m_watermark; }
    // Newest stored alert time in UTC microseconds (0: none), e.g.
    // SqliteEventStore::lastAlertTimeUsec; exact where the committed events carry only ms.
    void setWatermarkSource(std::function<qint64()> usecSource) { m_usecSource = std::move(usecSource); }
    bool isRunning() const { return m_running; }

    // Start now; while one runs, one more run follows it (the gap may have grown).
    void run();

Q_SIGNALS:
    void finished(int fetched, int inserted, int duplicates, const QString &error);
    void watermarkChanged(const QDateTime &createdAt);

private:
    void onCommitted(const QList<fw::store::Event> &events);
    void submit(QList<store::Event> events);
    void done(int fetched, int inserted, int duplicates, const QString &error);
    void advance(const QDateTime &createdAt);

    NcmClient *m_client;
    store::EventStore *m_store;
    AlertParser m_parse;
    EventPreparer m_prepare;
    QDateTime m_watermark;
    std::function<qint64()> m_usecSource;
    qint64 m_initialLookbackMs = 24 * 3600 * 1000;
    bool m_running = false;
    bool m_again = false;
};

} // namespace fw::api
