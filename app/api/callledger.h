#pragma once

#include <QDate>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <memory>

namespace fw::api {

class Clock;

// Where call counts persist. A seam: QSettings today, the store's meta table later.
class CallCountStore
{
public:
    virtual ~CallCountStore() = default;

    // Keys are "yyyy-MM-dd/endpoint".
    virtual QHash<QString, qint64> load() = 0;
    virtual void save(const QString &key, qint64 count) = 0;
    virtual void remove(const QString &key) = 0;
};

class SettingsCallCountStore final : public CallCountStore
{
public:
    // An empty path uses the application's default QSettings.
    explicit SettingsCallCountStore(const QString &iniPath = {});

    QHash<QString, qint64> load() override;
    void save(const QString &key, qint64 count) override;
    void remove(const QString &key) override;

private:
    QString m_iniPath;
};

class MemoryCallCountStore final : public CallCountStore
{
public:
    QHash<QString, qint64> load() override { return m_counts; }
    void save(const QString &key, qint64 count) override { m_counts.insert(key, count); }
    void remove(const QString &key) override { m_counts.remove(key); }

private:
    QHash<QString, qint64> m_counts;
};

// Counts every API call per endpoint and per (simulated, UTC) day, so the product can
// show the calls spent. Keeps the last 90 days.
class CallLedger final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallLedger)

public:
    CallLedger(std::unique_ptr<CallCountStore> store, const Clock *clock, QObject *parent = nullptr);
    ~CallLedger() override;

    void record(const QString &endpoint);

    qint64 callsOn(QDate day) const;
    qint64 callsToday() const;
    QMap<QString, qint64> perEndpoint(QDate day) const;
    qint64 total() const;

Q_SIGNALS:
    void callRecorded(const QString &endpoint, qint64 callsToday);

private:
    void prune();

    std::unique_ptr<CallCountStore> m_store;
    const Clock *m_clock;
    QHash<QString, qint64> m_counts;
};

} // namespace fw::api

namespace fw::store {
class SqliteEventStore;
}

namespace fw::api {

// Call counts in the event store's meta table (key "api.callCounts", one JSON object).
class MetaCallCountStore final : public CallCountStore
{
public:
    explicit MetaCallCountStore(store::SqliteEventStore *store);

    QHash<QString, qint64> load() override;
    void save(const QString &key, qint64 count) override;
    void remove(const QString &key) override;

private:
    void write();

    store::SqliteEventStore *m_store;
    QHash<QString, qint64> m_counts;
};

} // namespace fw::api
