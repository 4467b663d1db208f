#include "tiles/tiledelegate.h"

#include "alerts/acknowledgementstore.h"
#include "common/theme.h"
#include "fleet/router.h"
#include "history/samples.h"
#include "store/event.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr QSize BaseTile(300, 124);

using RouterState = fleet::OnlineState;

RouterState routerState(const QVariant &state)
{
    const int value = state.toInt();
    return value >= int(RouterState::Unknown) && value <= int(RouterState::Initialized) ? RouterState(value) : RouterState::Unknown;
}

QColor stateColor(RouterState state)
{
    const ThemeColors &c = Theme::colors();
    switch (state) {
    case RouterState::Online: return c.ok;
    case RouterState::Offline: return c.critical;
    case RouterState::Initialized: return c.warning;
    case RouterState::Unknown: break;
    }
    return c.unknown;
}

// A symbol per state, so the state reads without colour: a filled disc (online), a cross
// (offline), a half disc (initialised), a ring (unknown).
void paintStateSymbol(QPainter *painter, const QRectF &box, RouterState state, const QColor &color)
{
    painter->setPen(QPen(color, 2));
    painter->setBrush(Qt::NoBrush);
    switch (state) {
    case RouterState::Online:
        painter->setBrush(color);
        painter->drawEllipse(box);
        break;
    case RouterState::Offline:
        painter->setPen(QPen(color, 3, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(box.topLeft(), box.bottomRight());
        painter->drawLine(box.topRight(), box.bottomLeft());
        break;
    case RouterState::Initialized:
        painter->drawEllipse(box);
        painter->setBrush(color);
        painter->drawPie(box, 90 * 16, 180 * 16);
        break;
    case RouterState::Unknown:
        painter->drawEllipse(box);
        break;
    }
}

int barsFor(double rsrp)
{
    if (std::isnan(rsrp))
        return 0;
    if (rsrp >= -80)
        return 4;
    if (rsrp >= history::SignalBands::RsrpGood)
        return 3;
    return rsrp >= history::SignalBands::RsrpFair ? 2 : 1;
}

double toDouble(const QVariant &value)
{
    bool ok = false;
    const double number = value.toDouble(&ok);
    return ok && value.isValid() ? number : history::NoValue;
}

// The fleet model says -1 for an unknown battery.
double toPercent(const QVariant &value)
{
    const double number = toDouble(value);
    return number < 0 ? history::NoValue : number;
}

} // namespace

TileDelegate::TileDelegate(const TileRoles &roles, alerts::AcknowledgementStore *acks, QObject *parent, Clock clock)
    : QStyledItemDelegate(parent)
    , m_roles(roles)
    , m_acks(acks)
    , m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    setScale(1.0);
}

void TileDelegate::setScale(double scale)
{
    m_scale = scale;
    const double base = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 10.0;
    m_textFont = QApplication::font();
    m_textFont.setPointSizeF(base * 0.95 * scale);
    m_smallFont = m_textFont;
    m_smallFont.setPointSizeF(base * 0.85 * scale);
    m_stateFont = m_smallFont;
    m_stateFont.setBold(true);
    m_nameFont = m_textFont;
    m_nameFont.setPointSizeF(base * 1.15 * scale);
    m_nameFont.setBold(true);
    m_line = int(std::ceil(QFontMetricsF(m_nameFont).height()));
    m_margin = int(8 * scale);
    m_tileSize = QSize(int(BaseTile.width() * scale), std::max(int(BaseTile.height() * scale), 5 * m_line + 2 * m_margin));
}

bool TileDelegate::fitWidth(int viewportWidth, int spacing)
{
    const int base = int(BaseTile.width() * m_scale);
    const int columns = std::max(1, (viewportWidth - spacing) / (base + spacing));
    const int width = std::max(base, (viewportWidth - spacing) / columns - spacing);
    if (width == m_tileSize.width())
        return false;
    m_tileSize.setWidth(width);
    return true;
}

QSize TileDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return m_tileSize;
}

QVariant TileDelegate::value(const QModelIndex &index, int role) const
{
    return role < 0 ? QVariant() : index.data(role);
}

void TileDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const ThemeColors &colors = Theme::colors();
    const RouterState state = routerState(value(index, m_roles.state));
    const QColor accent = stateColor(state);
    const QRect tile = option.rect.adjusted(3, 3, -3, -3);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(QPen(selected ? colors.highlight : colors.border, selected ? 3 : 1));
    painter->setBrush(colors.base);
    painter->drawRoundedRect(QRectF(tile).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter->fillRect(QRect(tile.left() + 1, tile.top() + 6, int(6 * m_scale), tile.height() - 12), accent);

    const QRect content = tile.adjusted(m_margin + int(6 * m_scale), m_margin / 2, -m_margin, -m_margin / 2);
    const QRect row(content.left(), content.top(), content.width(), m_line);
    paintHeader(painter, row, index);
    painter->setFont(m_nameFont);
    painter->setPen(colors.text);
    const QRect nameRow = row.translated(0, m_line);
    painter->drawText(nameRow, Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(value(index, m_roles.name).toString(), Qt::ElideRight, nameRow.width()));
    paintSignal(painter, row.translated(0, 2 * m_line), index);
    paintBattery(painter, row.translated(0, 2 * m_line), index);

    painter->setFont(m_smallFont);
    painter->setPen(colors.mutedText);
    const QString carrier = value(index, m_roles.carrier).toString();
    const QString band = value(index, m_roles.band).toString();
    const QString group = value(index, m_roles.group).toString();
    QString network = carrier.isEmpty() ? tr("Carrier unknown") : carrier;
    if (!band.isEmpty())
        network += u" · "_s + band;
    if (!group.isEmpty())
        network += u" · "_s + group;
    const QRect networkRow = row.translated(0, 3 * m_line);
    painter->drawText(networkRow, Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(network, Qt::ElideRight, networkRow.width()));
    paintLastEvent(painter, row.translated(0, 4 * m_line), index);
    painter->restore();
}

void TileDelegate::paintHeader(QPainter *painter, const QRect &rect, const QModelIndex &index) const
{
    const RouterState state = routerState(value(index, m_roles.state));
    const QColor color = stateColor(state);
    const qreal symbol = m_line * 0.55;
    paintStateSymbol(painter, QRectF(rect.left(), rect.center().y() - symbol / 2, symbol, symbol), state, color);

    painter->setFont(m_stateFont);
    painter->setPen(color);
    painter->drawText(rect.adjusted(int(symbol + 6 * m_scale), 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      stateText(state).toUpper());
    paintAck(painter, rect, value(index, m_roles.routerId).toString());
}

void TileDelegate::paintAck(QPainter *painter, const QRect &rect, const QString &routerId) const
{
    if (!m_acks || routerId.isEmpty() || !m_acks->hasRouterAlert(routerId))
        return;
    const bool acked = m_acks->isRouterAcknowledged(routerId);
    const ThemeColors &colors = Theme::colors();
    const QString text = acked ? tr("✓ Acknowledged") : tr("! Unacknowledged");
    painter->setFont(m_smallFont);
    const int width = painter->fontMetrics().horizontalAdvance(text) + int(10 * m_scale);
    const QRect badge(rect.right() - width, rect.top() + 2, width, rect.height() - 4);
    painter->setPen(acked ? colors.mutedText : colors.critical);
    painter->setBrush(acked ? Qt::NoBrush : QBrush(colors.critical.darker(300)));
    painter->drawRoundedRect(badge, 4, 4);
    painter->drawText(badge, Qt::AlignCenter, text);
}

void TileDelegate::paintSignal(QPainter *painter, const QRect &rect, const QModelIndex &index) const
{
    const ThemeColors &colors = Theme::colors();
    const double rsrp = toDouble(value(index, m_roles.rsrp));
    const double sinr = toDouble(value(index, m_roles.sinr));
    const int bars = barsFor(rsrp);
    const QColor barColor = bars >= 3 ? colors.ok : bars == 2 ? colors.warning : colors.critical;

    const int barWidth = std::max(3, int(4 * m_scale));
    const int bottom = rect.bottom() - int(3 * m_scale);
    const int fullHeight = rect.height() - int(6 * m_scale);
    painter->setPen(Qt::NoPen);
    for (int i = 0; i < 4; ++i) {
        const int height = fullHeight * (i + 1) / 4;
        painter->setBrush(i < bars ? barColor : colors.border);
        painter->drawRect(rect.left() + i * (barWidth + 2), bottom - height, barWidth, height);
    }

    painter->setFont(m_textFont);
    painter->setPen(bars ? colors.text : colors.mutedText);
    QString text = tr("No signal data");
    if (!std::isnan(rsrp)) {
        text = tr("RSRP %1 dBm").arg(qRound(rsrp));
        if (!std::isnan(sinr))
            text += u"  "_s + tr("SINR %1 dB").arg(qRound(sinr));
    }
    painter->drawText(rect.adjusted(4 * (barWidth + 2) + int(6 * m_scale), 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
}

void TileDelegate::paintBattery(QPainter *painter, const QRect &rect, const QModelIndex &index) const
{
    const double charge = toPercent(value(index, m_roles.battery));
    if (std::isnan(charge))
        return;
    const ThemeColors &colors = Theme::colors();
    const QString text = QString::number(qRound(charge)) + u'%';
    painter->setFont(m_textFont);
    const int textWidth = painter->fontMetrics().horizontalAdvance(text);
    const int bodyWidth = int(20 * m_scale);
    const int bodyHeight = int(10 * m_scale);
    const QRect body(rect.right() - textWidth - bodyWidth - int(6 * m_scale), rect.center().y() - bodyHeight / 2,
                     bodyWidth, bodyHeight);
    const QColor color = charge < 20 ? colors.critical : charge < 50 ? colors.warning : colors.ok;

    painter->setPen(QPen(colors.mutedText, 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(body);
    painter->fillRect(QRect(body.right() + 1, body.top() + bodyHeight / 4, 2, bodyHeight / 2), colors.mutedText);
    painter->fillRect(QRect(body.left() + 2, body.top() + 2, int((bodyWidth - 3) * std::clamp(charge, 0.0, 100.0) / 100), bodyHeight - 3), color);
    painter->setPen(charge < 20 ? colors.critical : colors.text);
    painter->drawText(QRect(rect.right() - textWidth, rect.top(), textWidth, rect.height()), Qt::AlignRight | Qt::AlignVCenter, text);
}

void TileDelegate::paintLastEvent(QPainter *painter, const QRect &rect, const QModelIndex &index) const
{
    const ThemeColors &colors = Theme::colors();
    const QString title = value(index, m_roles.lastEventTitle).toString();
    painter->setFont(m_smallFont);
    if (title.isEmpty()) {
        painter->setPen(colors.mutedText);
        painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, tr("No events"));
        return;
    }
    const auto severity = store::Severity(value(index, m_roles.lastEventSeverity).toInt());
    const QDateTime at = value(index, m_roles.lastEventAt).toDateTime();
    const QString age = at.isValid() ? ageText(at.secsTo(m_clock())) : QString();
    const int ageWidth = painter->fontMetrics().horizontalAdvance(age);

    painter->setPen(severity == store::Severity::Critical ? colors.critical
                    : severity == store::Severity::Warning ? colors.warning
                                                           : colors.mutedText);
    const QString prefix = severity == store::Severity::Critical ? u"‼ "_s : severity == store::Severity::Warning ? u"! "_s : QString();
    const QRect titleRect = rect.adjusted(0, 0, -ageWidth - int(8 * m_scale), 0);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(prefix + title, Qt::ElideRight, titleRect.width()));
    painter->setPen(colors.mutedText);
    painter->drawText(rect, Qt::AlignRight | Qt::AlignVCenter, age);
}

QString TileDelegate::stateText(fleet::OnlineState state)
{
    switch (state) {
    case RouterState::Online: return tr("Online");
    case RouterState::Offline: return tr("Offline");
    case RouterState::Initialized: return tr("Initialized");
    case RouterState::Unknown: break;
    }
    return tr("Unknown");
}

QString TileDelegate::ageText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return tr("%1 s ago").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min ago").arg(seconds / 60);
    if (seconds < 48 * 3600)
        return tr("%1 h ago").arg(seconds / 3600);
    return tr("%1 d ago").arg(seconds / 86400);
}

} // namespace fw::ui
