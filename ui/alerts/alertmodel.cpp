#include "alerts/alertmodel.h"

#include "alerts/acknowledgementstore.h"
#include "common/theme.h"

#include <QBrush>
#include <QLocale>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

using store::Severity;

AlertModel::AlertModel(alerts::AcknowledgementStore *acks, QObject *parent, int capacity)
    : QAbstractTableModel(parent)
    , m_acks(acks)
    , m_capacity(std::max(1, capacity))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(100);
    connect(&m_coalesce, &QTimer::timeout, this, &AlertModel::flush);
    if (m_acks)
        connect(m_acks, &alerts::AcknowledgementStore::changed, this, &AlertModel::acknowledgementsChanged);
}

void AlertModel::setInitialEvents(QList<store::Event> events)
{
    std::sort(events.begin(), events.end(), [](const store::Event &a, const store::Event &b) { return a.seq > b.seq; });
    if (events.size() > m_capacity)
        events.resize(m_capacity);
    if (m_acks)
        m_acks->noteEvents(events);

    beginResetModel();
    m_events.assign(events.cbegin(), events.cend());
    endResetModel();
}

void AlertModel::addEvents(const QList<store::Event> &events)
{
    m_pending.append(events);
    if (m_coalesce.interval() == 0)
        flush();
    else if (!m_coalesce.isActive())
        m_coalesce.start();
}

void AlertModel::setCoalesceInterval(int ms)
{
    m_coalesce.setInterval(std::max(0, ms));
}

void AlertModel::flush()
{
    m_coalesce.stop();
    if (m_pending.isEmpty())
        return;
    QList<store::Event> batch = std::exchange(m_pending, {});
    if (m_acks)
        m_acks->noteEvents(batch);
    if (batch.size() > m_capacity)
        batch.remove(0, batch.size() - m_capacity);

    beginInsertRows({}, 0, int(batch.size()) - 1);
    for (const store::Event &event : std::as_const(batch))
        m_events.push_front(event); // the batch is oldest first: the last one ends on top
    endInsertRows();
    trim();

    for (const store::Event &event : std::as_const(batch)) {
        if (event.severity == Severity::Critical)
            Q_EMIT criticalArrived(event);
    }
}

void AlertModel::trim()
{
    const int excess = int(m_events.size()) - m_capacity;
    if (excess <= 0)
        return;
    beginRemoveRows({}, m_capacity, int(m_events.size()) - 1);
    m_events.resize(size_t(m_capacity));
    endRemoveRows();
}

void AlertModel::acknowledgementsChanged()
{
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, AckColumn), index(rowCount() - 1, AckColumn));
}

int AlertModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AlertModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn: return tr("Detected");
    case SeverityColumn: return tr("Severity");
    case CategoryColumn: return tr("Category");
    case TitleColumn: return tr("Alert");
    case RouterColumn: return tr("Router");
    case MessageColumn: return tr("Message");
    case AckColumn: return tr("Acknowledgement");
    case ColumnCount: break;
    }
    return {};
}

QVariant AlertModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::Event &event = m_events[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(event, column);
    case Qt::EditRole: return edit(event, column);
    case Qt::ToolTipRole:
        return column == AckColumn ? ackText(event) : column == MessageColumn ? event.alert.friendlyInfo : QVariant();
    case Qt::ForegroundRole:
        if (column != SeverityColumn) // handled alerts recede; the acknowledgement column says why
            return m_acks && m_acks->state(event) != alerts::AckState::Unacknowledged ? QBrush(Theme::colors().mutedText) : QVariant();
        return QBrush(event.severity == Severity::Critical ? Theme::colors().critical
                      : event.severity == Severity::Warning ? Theme::colors().warning
                                                            : Theme::colors().mutedText);
    case SeqRole: return event.seq;
    case SeverityRole: return int(event.severity);
    case CategoryRole: return event.category;
    case TypeRole: return event.alert.type;
    case RouterIdRole: return event.alert.routerId;
    case RouterNameRole: return event.alert.routerDetails.name;
    case DetectedAtRole: return event.alert.detectedAt;
    case SearchTextRole:
        return QString(event.title + u'\n' + event.alert.type + u'\n' + event.alert.friendlyInfo + u'\n'
                       + event.alert.routerDetails.name + u'\n' + event.alert.routerId + u'\n' + event.category);
    case AckStateRole: return int(m_acks ? m_acks->state(event) : alerts::AckState::Unacknowledged);
    case SortRole: return sortValue(event, column);
    default: return {};
    }
}

QVariant AlertModel::display(const store::Event &event, int column) const
{
    switch (Column(column)) {
    case TimeColumn:
        return QLocale().toString(event.alert.detectedAt.toLocalTime(), QLocale::ShortFormat);
    case SeverityColumn: return severityText(event.severity);
    case CategoryColumn: return event.category;
    case TitleColumn: return event.title;
    case RouterColumn: return routerLabel(event);
    case MessageColumn: return event.alert.friendlyInfo;
    case AckColumn: return ackText(event);
    case ColumnCount: break;
    }
    return {};
}

// What exports write: machine-readable where the display is localised.
QVariant AlertModel::edit(const store::Event &event, int column) const
{
    switch (Column(column)) {
    case TimeColumn: return event.alert.detectedAt.toUTC().toString(Qt::ISODateWithMs);
    case TitleColumn: return event.alert.type;
    case RouterColumn: return event.alert.routerId;
    default: return display(event, column);
    }
}

QVariant AlertModel::sortValue(const store::Event &event, int column) const
{
    switch (Column(column)) {
    case TimeColumn: return event.alert.detectedAt.toMSecsSinceEpoch();
    case SeverityColumn: return int(event.severity);
    case AckColumn: return int(m_acks ? m_acks->state(event) : alerts::AckState::Unacknowledged);
    default: return display(event, column);
    }
}

QString AlertModel::ackText(const store::Event &event) const
{
    if (!m_acks)
        return {};
    const alerts::AckState state = m_acks->state(event);
    if (state == alerts::AckState::Unacknowledged)
        return {};
    const alerts::Acknowledgement ack = m_acks->acknowledgement(event);
    QString text = alerts::ackStateText(state);
    if (!ack.operatorName.isEmpty())
        text += u' ' + tr("by %1").arg(ack.operatorName);
    text += u' ' + shortTime(ack.at);
    if (state == alerts::AckState::Snoozed)
        text += u' ' + tr("until %1").arg(shortTime(ack.until));
    if (!ack.note.isEmpty())
        text += u": "_s + ack.note;
    return text;
}

// "14:05" today, "3 Dec 14:05" otherwise.
QString AlertModel::shortTime(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    const bool today = local.date() == QDate::currentDate();
    return QLocale().toString(local, today ? u"HH:mm"_s : u"d MMM HH:mm"_s);
}

QString AlertModel::severityText(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return tr("Critical");
    case Severity::Warning: return tr("Warning");
    case Severity::Info: break;
    }
    return tr("Info");
}

QString AlertModel::routerLabel(const store::Event &event)
{
    const QString &name = event.alert.routerDetails.name;
    if (event.alert.routerId.isEmpty())
        return name.isEmpty() ? tr("(account)") : name;
    return name.isEmpty() ? event.alert.routerId : name;
}

} // namespace fw::ui
