#include "fleet/fleetmodel.h"

#include "fleet/fleetstate.h"
#include "ncm/catalogue.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::fleet {

namespace {

constexpr int DefaultFlushMs = 50;
constexpr int DefaultAgeRefreshMs = 10'000;
// More separate runs than this are announced as one range: cheaper for views and proxies.
constexpr qsizetype MaxChangedRuns = 32;

QString ageText(const QDateTime &since)
{
    if (!since.isValid())
        return {};
    const qint64 seconds = std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc()));
    if (seconds < 60)
        return u"%1 s"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1 min"_s.arg(seconds / 60);
    if (seconds < 86'400)
        return u"%1 h"_s.arg(seconds / 3600);
    return u"%1 d"_s.arg(seconds / 86'400);
}

} // namespace

FleetModel::FleetModel(FleetState *state, QObject *parent)
    : QAbstractTableModel(parent)
    , m_state(state)
    , m_rowCount(state->count())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(DefaultFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &FleetModel::flush);
    connect(state, &FleetState::routersAdded, this, &FleetModel::onRoutersAdded);
    connect(state, &FleetState::routersChanged, this, &FleetModel::onRoutersChanged);
    connect(&m_ageTimer, &QTimer::timeout, this, [this] {
        if (m_rowCount > 0)
            Q_EMIT dataChanged(index(0, AgeColumn), index(m_rowCount - 1, AgeColumn), {Qt::DisplayRole});
    });
    setAgeRefreshInterval(DefaultAgeRefreshMs);
}

FleetModel::~FleetModel() = default;

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Router &router = m_state->at(index.row());
    const std::array<int, 3> open = router.openBySeverity();
    const std::optional<store::Severity> worst = router.worstOpen();

    switch (role) {
    case Qt::DisplayRole:
        return displayData(index.row(), index.column());
    case Qt::ToolTipRole:
        return router.lastEventTitle.isEmpty() ? router.displayName()
                                               : router.displayName() % u": "_s % router.lastEventTitle;
    case RouterIdRole:
        return router.id;
    case StateRole:
        return int(router.state);
    case WorstSeverityRole:
        return worst ? int(*worst) : -1;
    case OpenCriticalRole:
        return open[std::size_t(store::Severity::Critical)];
    case OpenWarningRole:
        return open[std::size_t(store::Severity::Warning)];
    case LastEventTimeRole:
        return router.lastEventAt;
    case LastEventTypeRole:
        return router.lastEventType;
    case PositionRole:
        return QVariant::fromValue(router.position);
    case SignalRole:
        return router.signalPercent;
    case BatteryRole:
        return router.batteryPercent;
    case AcknowledgedRole:
        return router.acknowledged;
    case SortRole:
        return sortData(index.row(), index.column());
    default:
        return {};
    }
}

QVariant FleetModel::displayData(int row, int column) const
{
    const Router &router = m_state->at(row);
    const std::optional<store::Severity> worst = router.worstOpen();
    switch (Column(column)) {
    case IdColumn:
        return router.id;
    case NameColumn:
        return router.displayName();
    case StateColumn:
        return onlineStateName(router.state);
    case LastEventColumn:
        return router.lastEventTitle;
    case LastEventTimeColumn:
        return router.lastEventAt.isValid() ? router.lastEventAt.toString(Qt::ISODate) : QString();
    case AgeColumn:
        return ageText(router.lastEventAt);
    case OpenAlertsColumn:
        return router.openCount();
    case SeverityColumn:
        return worst ? ncm::Catalogue::severityName(*worst) : QString();
    case SerialColumn:
        return router.serialNumber;
    case GroupColumn:
        return router.groupName.isEmpty() ? router.groupId : router.groupName;
    case SignalColumn:
        return router.signalPercent < 0 ? QVariant() : QVariant(router.signalPercent);
    case BatteryColumn:
        return router.batteryPercent < 0 ? QVariant() : QVariant(router.batteryPercent);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FleetModel::sortData(int row, int column) const
{
    const Router &router = m_state->at(row);
    switch (Column(column)) {
    case StateColumn:
        return int(router.state);
    case LastEventTimeColumn:
    case AgeColumn:
        return router.lastEventAt.isValid() ? router.lastEventAt.toMSecsSinceEpoch() : qint64(0);
    case SeverityColumn: {
        const std::optional<store::Severity> worst = router.worstOpen();
        return worst ? int(*worst) : -1;
    }
    case SignalColumn:
        return router.signalPercent;
    case BatteryColumn:
        return router.batteryPercent;
    default:
        return displayData(row, column);
    }
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList titles{tr("ID"),       tr("Name"),   tr("State"), tr("Last event"),
                                    tr("Time"),     tr("Age"),    tr("Open"),  tr("Severity"),
                                    tr("Serial"),   tr("Group"),  tr("Signal %"), tr("Battery %")};
    return titles.value(section);
}

QHash<int, QByteArray> FleetModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RouterIdRole, "routerId");
    names.insert(StateRole, "state");
    names.insert(WorstSeverityRole, "worstSeverity");
    names.insert(OpenCriticalRole, "openCritical");
    names.insert(OpenWarningRole, "openWarning");
    names.insert(LastEventTimeRole, "lastEventTime");
    names.insert(LastEventTypeRole, "lastEventType");
    names.insert(PositionRole, "position");
    names.insert(SignalRole, "signal");
    names.insert(BatteryRole, "battery");
    names.insert(AcknowledgedRole, "acknowledged");
    names.insert(SortRole, "sort");
    return names;
}

void FleetModel::setFlushInterval(int ms)
{
    m_flushTimer.setInterval(std::max(0, ms));
}

void FleetModel::setAgeRefreshInterval(int ms)
{
    if (ms <= 0) {
        m_ageTimer.stop();
        return;
    }
    m_ageTimer.start(ms);
}

QModelIndex FleetModel::indexOfRouter(const QString &id, int column) const
{
    const int row = m_state->rowOf(id);
    return row >= 0 && row < m_rowCount ? index(row, column) : QModelIndex();
}

void FleetModel::onRoutersAdded(int, int)
{
    scheduleFlush();
}

void FleetModel::onRoutersChanged(const QList<int> &rows)
{
    m_changed.append(rows);
    scheduleFlush();
}

void FleetModel::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void FleetModel::flush()
{
    m_flushTimer.stop();
    const int announced = m_rowCount;
    if (m_state->count() > m_rowCount) {
        beginInsertRows({}, m_rowCount, m_state->count() - 1);
        m_rowCount = m_state->count();
        endInsertRows();
    }
    emitChangedRuns(announced); // rows inserted just now are read fresh anyway
}

// Changed rows as few contiguous ranges, or one spanning range when they are scattered.
void FleetModel::emitChangedRuns(int announced)
{
    if (m_changed.isEmpty())
        return;
    std::sort(m_changed.begin(), m_changed.end());
    m_changed.erase(std::unique(m_changed.begin(), m_changed.end()), m_changed.end());

    QList<std::pair<int, int>> runs;
    for (const int row : std::as_const(m_changed)) {
        if (row >= announced)
            break;
        if (!runs.isEmpty() && runs.last().second + 1 == row)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    m_changed.clear();
    if (runs.size() > MaxChangedRuns)
        runs = {{runs.first().first, runs.last().second}};
    for (const auto &[first, last] : std::as_const(runs))
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

} // namespace fw::fleet
