#include "api/callledger.h"

#include "api/clock.h"

#include "store/sqliteeventstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

constexpr int s_keepDays = 90;
const auto s_group = "apiCalls"_L1;

QString dayKey(QDate day)
{
    return day.toString(Qt::ISODate);
}

std::unique_ptr<QSettings> openSettings(const QString &iniPath)
{
    if (iniPath.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(iniPath, QSettings::IniFormat);
}

// QSettings treats '/' as a group separator; keep keys flat.
QString settingsKey(const QString &key)
{
    return QString(key).replace(u'/', u'|');
}

} // namespace

SettingsCallCountStore::SettingsCallCountStore(const QString &iniPath)
    : m_iniPath(iniPath)
{
}

QHash<QString, qint64> SettingsCallCountStore::load()
{
    auto settings = openSettings(m_iniPath);
    settings->beginGroup(s_group);
    QHash<QString, qint64> counts;
    const QStringList keys = settings->childKeys();
    for (const QString &key : keys) {
        bool ok = false;
        const qint64 count = settings->value(key).toLongLong(&ok);
        if (ok && count >= 0)
            counts.insert(QString(key).replace(u'|', u'/'), count);
    }
    return counts;
}

void SettingsCallCountStore::save(const QString &key, qint64 count)
{
    openSettings(m_iniPath)->setValue(s_group + u'/' + settingsKey(key), count);
}

void SettingsCallCountStore::remove(const QString &key)
{
    openSettings(m_iniPath)->remove(s_group + u'/' + settingsKey(key));
}

CallLedger::CallLedger(std::unique_ptr<CallCountStore> store, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_clock(clock)
    , m_counts(m_store->load())
{
    prune();
}

CallLedger::~CallLedger() = default;

void CallLedger::record(const QString &endpoint)
{
    const QString key = dayKey(m_clock->now().date()) + u'/' + endpoint;
    const qint64 count = ++m_counts[key];
    m_store->save(key, count);
    Q_EMIT callRecorded(endpoint, callsToday());
}

qint64 CallLedger::callsOn(QDate day) const
{
    qint64 sum = 0;
    const QString prefix = dayKey(day) + u'/';
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it.key().startsWith(prefix))
            sum += it.value();
    }
    return sum;
}

qint64 CallLedger::callsToday() const
{
    return callsOn(m_clock->now().date());
}

QMap<QString, qint64> CallLedger::perEndpoint(QDate day) const
{
    QMap<QString, qint64> result;
    const QString prefix = dayKey(day) + u'/';
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it.key().startsWith(prefix))
            result.insert(it.key().sliced(prefix.size()), it.value());
    }
    return result;
}

qint64 CallLedger::total() const
{
    qint64 sum = 0;
    for (const qint64 count : m_counts)
        sum += count;
    return sum;
}

void CallLedger::prune()
{
    const QDate oldest = m_clock->now().date().addDays(-s_keepDays);
    const QStringList keys = m_counts.keys();
    for (const QString &key : keys) {
        const QDate day = QDate::fromString(key.section(u'/', 0, 0), Qt::ISODate);
        if (!day.isValid() || day < oldest) {
            m_counts.remove(key);
            m_store->remove(key);
        }
    }
}

MetaCallCountStore::MetaCallCountStore(store::SqliteEventStore *store)
    : m_store(store)
{
}

QHash<QString, qint64> MetaCallCountStore::load()
{
    const QByteArray json = m_store->meta(u"api.callCounts"_s).toByteArray();
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    m_counts.clear();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isDouble() && it.value().toDouble() >= 0)
            m_counts.insert(it.key(), it.value().toInteger());
    }
    return m_counts;
}

void MetaCallCountStore::save(const QString &key, qint64 count)
{
    m_counts.insert(key, count);
    write();
}

void MetaCallCountStore::remove(const QString &key)
{
    if (m_counts.remove(key))
        write();
}

void MetaCallCountStore::write()
{
    QJsonObject object;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        object.insert(it.key(), it.value());
    m_store->setMeta(u"api.callCounts"_s, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace fw::api
