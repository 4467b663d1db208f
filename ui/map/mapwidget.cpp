#include "map/mapwidget.h"

#include "map/basemaplayer.h"
#include "map/mapstyle.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QInputDialog>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

constexpr int kPulseMs = 1500;
constexpr qreal kHandleRadius = 6;
constexpr qreal kClickSlop = 4;
constexpr int kMaxListed = 40;
constexpr double kMergePixels = 44;   // about two cluster radii: icons may touch, not stack

QString ageText(const QDateTime &at)
{
    const qint64 s = std::max<qint64>(0, at.secsTo(QDateTime::currentDateTimeUtc()));
    if (s < 60)
        return MapWidget::tr("%n s ago", nullptr, int(s));
    if (s < 3600)
        return MapWidget::tr("%n min ago", nullptr, int(s / 60));
    if (s < 86400)
        return MapWidget::tr("%n h ago", nullptr, int(s / 3600));
    return MapWidget::tr("%n days ago", nullptr, int(s / 86400));
}

} // namespace

MapWidget::MapWidget(QWidget *parent)
    : QWidget(parent)
    , m_basemap(std::make_unique<BasemapLayer>())
    , m_style(std::make_unique<MapStyle>(devicePixelRatioF()))
    , m_tiles(new TileLayer({}, this))
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    m_view.setSize(size());
    m_pulseTimer.setInterval(33);
    connect(&m_pulseTimer, &QTimer::timeout, this, [this] { update(); });
    connect(m_tiles, &TileLayer::tileReady, this, [this] { update(); });
    setupButtons();
}

MapWidget::~MapWidget() = default;

bool MapWidget::fitToRouters()
{
    if (!m_source)
        return false;
    double left = 1, right = 0, top = 1, bottom = 0;
    for (const geo::MapPoint &point : m_source->points()) {
        if (!point.hasPosition())
            continue;
        const QPointF w = geo::Projection::toWorld(point.position);
        left = std::min(left, w.x());
        right = std::max(right, w.x());
        top = std::min(top, w.y());
        bottom = std::max(bottom, w.y());
    }
    if (left > right)
        return false;
    m_view.fitWorldRect(QRectF(QPointF(left, top), QPointF(right, bottom)), 40);
    viewMoved();
    return true;
}

void MapWidget::setupButtons()
{
    m_zoomIn = new QToolButton(this);
    m_zoomIn->setText(u"+"_s);
    m_zoomIn->setToolTip(tr("Zoom in (+)"));
    m_zoomOut = new QToolButton(this);
    m_zoomOut->setText(u"\u2212"_s);
    m_zoomOut->setToolTip(tr("Zoom out (-)"));
    for (QToolButton *b : {m_zoomIn, m_zoomOut}) {
        b->setFixedSize(28, 28);
        b->setFocusPolicy(Qt::NoFocus);
    }
    connect(m_zoomIn, &QToolButton::clicked, this, [this] { zoomBy(1); });
    connect(m_zoomOut, &QToolButton::clicked, this, [this] { zoomBy(-1); });
}

void MapWidget::setDataSource(geo::MapDataSource *source)
{
    if (m_source)
        m_source->disconnect(this);
    m_source = source;
    if (source) {
        connect(source, &geo::MapDataSource::pointsReset, this, &MapWidget::reload);
        connect(source, &geo::MapDataSource::pointsChanged, this, &MapWidget::applyChanges);
        connect(source, &geo::MapDataSource::pointsRemoved, this, &MapWidget::applyRemovals);
        connect(source, &geo::MapDataSource::eventSeen, this, &MapWidget::pulse);
    }
    reload();
}

void MapWidget::setGeofences(geo::GeofenceSet *fences)
{
    m_fences = fences;
    m_monitor.reset(fences ? new geo::GeofenceMonitor(fences) : nullptr);
    if (fences) {
        connect(m_monitor.get(), &geo::GeofenceMonitor::crossed, this, &MapWidget::geofenceCrossed);
        connect(fences, &geo::GeofenceSet::fenceChanged, this, [this] { update(); });
        connect(fences, &geo::GeofenceSet::fenceRemoved, this, [this](const QUuid &id) {
            if (id == m_selectedFence)
                selectGeofence({});
            update();
        });
        connect(fences, &geo::GeofenceSet::reset, this, [this] { update(); });
    }
    reload();
}

void MapWidget::reload()
{
    const geo::MapDataSource *source = m_source.data();
    const QList<geo::MapPoint> points = source ? source->points() : QList<geo::MapPoint>{};
    m_index.build(points);
    if (m_monitor) {
        m_monitor->clearRouters();
        for (const geo::MapPoint &p : points)
            m_monitor->updateRouter(p);
    }
    update();
}

void MapWidget::applyChanges(const QList<geo::MapPoint> &points)
{
    for (const geo::MapPoint &p : points) {
        m_index.upsert(p);
        if (m_monitor)
            m_monitor->updateRouter(p);
    }
    if (m_follow && !m_selected.isEmpty())
        keepSelectedInView();
    update();
}

void MapWidget::applyRemovals(const QStringList &ids)
{
    for (const QString &id : ids) {
        m_index.remove(id);
        if (m_monitor)
            m_monitor->removeRouter(id);
        m_pulses.remove(id);
    }
    if (ids.contains(m_selected))
        selectRouter({});
    update();
}

void MapWidget::pulse(const QString &routerId)
{
    m_pulses[routerId].start();
    if (!m_pulseTimer.isActive())
        m_pulseTimer.start();
}

void MapWidget::setTileSettings(const TileSettings &settings)
{
    m_tiles->setSettings(settings);
    m_tiles->setView(m_view);
    update();
}

void MapWidget::setCenter(const QGeoCoordinate &center)
{
    m_view.setCenter(center);
    viewMoved();
}

void MapWidget::setZoom(double zoom)
{
    m_view.setZoom(zoom);
    viewMoved();
}

void MapWidget::zoomBy(double steps)
{
    m_view.zoomAround(QPointF(width() / 2.0, height() / 2.0), m_view.zoom() + steps);
    viewMoved();
}

void MapWidget::viewMoved()
{
    m_tiles->setView(m_view);
    update();
    Q_EMIT viewChanged();
}

void MapWidget::selectRouter(const QString &routerId)
{
    if (routerId == m_selected)
        return;
    m_selected = routerId;
    if (m_follow)
        keepSelectedInView();
    update();
    Q_EMIT routerSelected(routerId);
}

void MapWidget::setFollowSelected(bool follow)
{
    m_follow = follow;
    if (follow)
        keepSelectedInView();
}

void MapWidget::keepSelectedInView()
{
    const std::optional<geo::MapPoint> p = m_index.point(m_selected);
    if (!p || !p->hasPosition())
        return;
    const QPointF s = m_view.geoToScreen(p->position);
    const QRectF inner = rect().adjusted(width() / 10, height() / 10, -width() / 10, -height() / 10);
    if (!inner.contains(s)) {
        m_view.setCenter(p->position);
        viewMoved();
    }
}

void MapWidget::setTrail(const QString &routerId, const QList<geo::TrailPoint> &trail)
{
    m_trailRouter = routerId;
    m_trail = trail;
    std::sort(m_trail.begin(), m_trail.end(),
              [](const geo::TrailPoint &a, const geo::TrailPoint &b) { return a.at < b.at; });
    update();
}

void MapWidget::clearTrail()
{
    m_trailRouter.clear();
    m_trail.clear();
    update();
}

void MapWidget::setTool(Tool tool)
{
    m_tool = tool;
    m_draft.clear();
    m_drawingCircle = false;
    setCursor(tool == Tool::Navigate ? Qt::ArrowCursor : Qt::CrossCursor);
    update();
}

void MapWidget::selectGeofence(const QUuid &id)
{
    if (id == m_selectedFence)
        return;
    m_selectedFence = id;
    update();
    Q_EMIT geofenceSelected(id);
}

bool MapWidget::exportPng(const QString &path, QString *error)
{
    const QImage image = grab().toImage();
    if (image.isNull() || !image.save(path, "PNG")) {
        *error = tr("Cannot write the map image to %1.").arg(path);
        return false;
    }
    return true;
}

// ---- painting -------------------------------------------------------------------------

void MapWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    m_basemap->draw(p, m_view);
    m_tiles->draw(p, m_view);
    drawFences(p);
    drawTrail(p);
    drawRouters(p);
    drawPulses(p);
    drawDraft(p);
    drawOverlays(p);
}

void MapWidget::drawRouters(QPainter &p)
{
    m_drawn.clear();
    const double margin = 32 / m_view.scale();
    const QRectF area = m_view.visibleWorld().adjusted(-margin, -margin, margin, margin);
    const QList<geo::MapCluster> items = m_index.queryMerged(m_view.zoom(), area, kMergePixels / m_view.scale());
    m_drawn.reserve(items.size());
    const qreal half = MapStyle::kSpriteSize / 2.0;
    for (const geo::MapCluster &c : items) {
        const QPointF s = m_view.worldToScreen(c.world);
        if (c.isSingle()) {
            p.drawPixmap(s - QPointF(half, half), m_style->sprite(c.counts.worst()));
            m_drawn.append({s, half + 2, c});
            continue;
        }
        const QPixmap &icon = m_style->clusterIcon(c.counts);
        const qreal r = MapStyle::clusterRadius(c.counts.total()) + 1;
        p.drawPixmap(s - QPointF(r, r), icon);
        m_drawn.append({s, r, c});
    }

    // The selected router on top, ringed.
    const std::optional<geo::MapPoint> sel = m_index.point(m_selected);
    if (sel && sel->hasPosition()) {
        const QPointF s = m_view.geoToScreen(sel->position);
        p.save();
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(MapStyle::selection(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(s, half + 4, half + 4);
        p.drawPixmap(s - QPointF(half, half), m_style->sprite(sel->state));
        p.restore();
    }
}

QList<geo::Geofence> MapWidget::fenceList() const
{
    const geo::GeofenceSet *set = m_fences.data();
    return set ? set->fences() : QList<geo::Geofence>{};
}

QPolygonF MapWidget::fenceOutline(const geo::Geofence &f) const
{
    QPolygonF poly;
    if (f.shape == geo::Geofence::Shape::Circle) {
        for (int a = 0; a < 360; a += 5)
            poly.append(m_view.geoToScreen(f.center.atDistanceAndAzimuth(f.radiusMetres, a)));
        // Keep the outline continuous when it crosses the antimeridian.
        const QPointF c = m_view.geoToScreen(f.center);
        const double world = m_view.scale();
        for (QPointF &pt : poly)
            pt.rx() += std::round((c.x() - pt.x()) / world) * world;
        return poly;
    }
    const QList<QGeoCoordinate> path = f.unwrappedVertices();
    const QPointF first = geo::Projection::toWorldUnwrapped(path.first().longitude(), path.first().latitude());
    const QPointF nearest = m_view.screenToWorld(m_view.nearestScreen(first));
    const double shift = nearest.x() - first.x();
    for (const QGeoCoordinate &v : path) {
        const QPointF w = geo::Projection::toWorldUnwrapped(v.longitude(), v.latitude());
        poly.append(m_view.worldToScreen({w.x() + shift, w.y()}));
    }
    return poly;
}

void MapWidget::drawFences(QPainter &p) const
{
    if (!m_fences)
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QList<geo::Geofence> fences = fenceList();
    for (const geo::Geofence &f : fences) {
        const bool selected = f.id == m_selectedFence;
        const QPolygonF outline = fenceOutline(f);
        QColor fill = MapStyle::fence();
        fill.setAlpha(selected ? 60 : 35);
        p.setBrush(fill);
        p.setPen(QPen(MapStyle::fence(), selected ? 2.5 : 1.5, selected ? Qt::SolidLine : Qt::DashLine));
        p.drawPolygon(outline);
        // The name and head count just above the fence, on a panel so routers cannot hide it.
        const int inside = m_monitor ? int(m_monitor->routersInside(f.id).size()) : 0;
        const QString label = u"%1 (%2)"_s.arg(f.name).arg(inside);
        const QRectF bounds = outline.boundingRect();
        const qreal w = p.fontMetrics().horizontalAdvance(label) + 10;
        const QRectF box(bounds.center().x() - w / 2, bounds.top() - 20, w, 17);
        p.save();
        p.setPen(Qt::NoPen);
        p.setBrush(MapStyle::panel());
        p.drawRoundedRect(box, 4, 4);
        p.setPen(MapStyle::text());
        p.drawText(box, Qt::AlignCenter, label);
        p.restore();
        if (!selected)
            continue;
        p.setBrush(MapStyle::selection());
        p.setPen(QPen(MapStyle::fence(), 2));
        if (f.shape == geo::Geofence::Shape::Circle) {
            p.drawEllipse(m_view.geoToScreen(f.center), kHandleRadius, kHandleRadius);
            p.drawEllipse(outline[18], kHandleRadius, kHandleRadius);   // east, 90 degrees
        } else {
            for (const QPointF &v : outline)
                p.drawEllipse(v, kHandleRadius, kHandleRadius);
        }
    }
    p.restore();
}

void MapWidget::drawDraft(QPainter &p) const
{
    if (m_tool == Tool::Navigate || m_draft.isEmpty())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(MapStyle::fence(), 2, Qt::DashLine));
    QColor fill = MapStyle::fence();
    fill.setAlpha(40);
    p.setBrush(fill);
    const QPointF first = m_view.geoToScreen(m_draft.first());
    if (m_tool == Tool::DrawCircle) {
        const qreal r = QLineF(first, m_draftCursor).length();
        p.drawEllipse(first, r, r);
    } else {
        QPolygonF poly;
        for (const QGeoCoordinate &c : m_draft)
            poly.append(m_view.geoToScreen(c));
        poly.append(m_draftCursor);
        p.drawPolygon(poly);
    }
    p.restore();
}

void MapWidget::drawTrail(QPainter &p) const
{
    if (m_trail.size() < 2)
        return;
    QPolygonF line;
    for (const geo::TrailPoint &t : m_trail) {
        QPointF s = m_view.geoToScreen(t.position);
        if (!line.isEmpty()) {   // continue across the antimeridian instead of jumping back
            const double world = m_view.scale();
            s.rx() += std::round((line.last().x() - s.x()) / world) * world;
        }
        line.append(s);
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(MapStyle::trail(), 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(line);

    // An arrow at the middle of every segment long enough to hold one.
    p.setBrush(MapStyle::trail());
    p.setPen(Qt::NoPen);
    for (qsizetype i = 1; i < line.size(); ++i) {
        const QLineF seg(line[i - 1], line[i]);
        if (seg.length() < 24)
            continue;
        const QPointF mid = seg.pointAt(0.5);
        const QPointF u = QPointF(seg.dx(), seg.dy()) / seg.length();
        const QPointF n(-u.y(), u.x());
        p.drawPolygon(QPolygonF{mid + u * 6, mid - u * 5 + n * 5, mid - u * 5 - n * 5});
    }
    p.restore();
}

void MapWidget::drawPulses(QPainter &p)
{
    if (m_pulses.isEmpty())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    for (auto it = m_pulses.cbegin(); it != m_pulses.cend(); ++it) {
        const std::optional<geo::MapPoint> pt = m_index.point(it.key());
        if (!pt || !pt->hasPosition())
            continue;
        const qreal t = std::min(1.0, it->elapsed() / double(kPulseMs));
        QColor c = MapStyle::stateColor(pt->state);
        c.setAlphaF(1.0 - t);
        p.setPen(QPen(c, 3));
        const qreal r = 8 + 28 * t;
        p.drawEllipse(m_view.geoToScreen(pt->position), r, r);
    }
    p.restore();
    // Expire finished pulses after drawing their last frame.
    m_pulses.removeIf([](const auto &e) { return e.value().elapsed() > kPulseMs; });
    if (m_pulses.isEmpty())
        m_pulseTimer.stop();
}

void MapWidget::drawOverlays(QPainter &p) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = font();
    f.setPixelSize(12);
    p.setFont(f);
    const QFontMetrics fm(f);

    if (m_index.unpositionedCount() > 0) {
        const QString text = tr("%n without position", nullptr, int(m_index.unpositionedCount()));
        const QRectF box(10, 10, fm.horizontalAdvance(text) + 34, 24);
        p.setPen(Qt::NoPen);
        p.setBrush(MapStyle::panel());
        p.drawRoundedRect(box, 6, 6);
        p.drawPixmap(QPointF(box.left() + 7, box.top() + 5), m_style->sprite(geo::RouterState::Unknown));
        p.setPen(MapStyle::text());
        p.drawText(box.adjusted(26, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    }
    if (m_tiles->isActive()) {
        const QString text = m_tiles->settings().attribution;
        const QRectF box(width() - fm.horizontalAdvance(text) - 16, height() - 20,
                         fm.horizontalAdvance(text) + 12, 18);
        p.setPen(Qt::NoPen);
        p.setBrush(MapStyle::panel());
        p.drawRect(box);
        p.setPen(MapStyle::text());
        p.drawText(box, Qt::AlignCenter, text);
    }
    if (m_tool != Tool::Navigate) {
        const QString hint = m_tool == Tool::DrawCircle
            ? tr("Drag from the centre to set the radius. Esc cancels.")
            : tr("Click to add corners, double-click or Enter to finish. Esc cancels.");
        p.setPen(MapStyle::text());
        p.drawText(QRectF(0, 8, width(), 20), Qt::AlignHCenter, hint);
    }
    p.restore();
    drawScaleBar(p);
}

void MapWidget::drawScaleBar(QPainter &p) const
{
    const double mpp = geo::Projection::metresPerPixel(m_view.centerCoordinate().latitude(), m_view.zoom());
    const double maxMetres = mpp * 120;
    const double magnitude = std::pow(10.0, std::floor(std::log10(maxMetres)));
    double metres = magnitude;
    for (double step : {5.0, 2.0, 1.0}) {
        if (step * magnitude <= maxMetres) {
            metres = step * magnitude;
            break;
        }
    }
    const qreal px = metres / mpp;
    const QString label = metres >= 1000 ? u"%1 km"_s.arg(metres / 1000) : u"%1 m"_s.arg(metres);
    const QPointF origin(12, height() - 14);
    p.save();
    p.setPen(Qt::NoPen);
    p.setBrush(MapStyle::panel());
    p.drawRoundedRect(QRectF(origin.x() - 6, origin.y() - 22, px + 60, 30), 5, 5);
    p.setPen(QPen(MapStyle::text(), 2));
    p.drawLine(origin, origin + QPointF(px, 0));
    p.drawLine(origin, origin - QPointF(0, 6));
    p.drawLine(origin + QPointF(px, 0), origin + QPointF(px, -6));
    QFont f = font();
    f.setPixelSize(11);
    p.setFont(f);
    p.drawText(QRectF(origin.x() + px + 6, origin.y() - 14, 60, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
    p.restore();
}

void MapWidget::resizeEvent(QResizeEvent *)
{
    m_view.setSize(size());
    m_zoomIn->move(width() - 38, 10);
    m_zoomOut->move(width() - 38, 42);
    viewMoved();
}

// ---- interaction ----------------------------------------------------------------------

const MapWidget::Drawn *MapWidget::itemAt(const QPointF &pos) const
{
    // Last drawn is on top.
    for (auto it = m_drawn.crbegin(); it != m_drawn.crend(); ++it) {
        if (QLineF(it->screen, pos).length() <= it->radius)
            return &*it;
    }
    return nullptr;
}

geo::RouterInfo MapWidget::infoFor(const QString &id) const
{
    const geo::MapDataSource *source = m_source.data();
    return source ? source->info(id) : geo::RouterInfo{};
}

QString MapWidget::routerLabel(const QString &id) const
{
    const QString name = infoFor(id).name;
    return name.isEmpty() ? id : name;
}

QString MapWidget::tooltipFor(const Drawn &d) const
{
    if (!d.item.isSingle()) {
        QStringList lines{tr("%n routers", nullptr, int(d.item.counts.total()))};
        for (int s = geo::kRouterStateCount - 1; s >= 0; --s) {
            if (d.item.counts.n[s] > 0)
                lines.append(u"%1 %2"_s.arg(d.item.counts.n[s]).arg(geo::routerStateName(geo::RouterState(s))));
        }
        return lines.join(u'\n');
    }
    const QString id = d.item.routerId;
    const geo::RouterInfo info = infoFor(id);
    QString text = u"<b>%1</b><br>%2"_s.arg(routerLabel(id).toHtmlEscaped(),
                                            geo::routerStateName(d.item.counts.worst()));
    if (!info.lastEvent.isEmpty())
        text += u"<br>%1, %2"_s.arg(info.lastEvent.toHtmlEscaped(), ageText(info.lastEventAt));
    else
        text += u"<br>"_s + tr("no event yet");
    return text;
}

void MapWidget::clickItem(const Drawn &d)
{
    if (d.item.isSingle()) {
        selectRouter(d.item.routerId);
        return;
    }
    const QStringList ids = m_index.membersIn(d.item.cellWorld);
    double left = 1e9, top = 1e9, right = -1e9, bottom = -1e9;
    for (const QString &id : ids) {
        const QPointF w = m_view.screenToWorld(m_view.geoToScreen(m_index.point(id)->position));
        left = std::min(left, w.x());
        right = std::max(right, w.x());
        top = std::min(top, w.y());
        bottom = std::max(bottom, w.y());
    }
    const QRectF bounds(QPointF(left, top), QPointF(right, bottom));
    // Routers at one spot (closer than a pixel at the deepest zoom) cannot be split: list them.
    const double pixelAtMax = 1.0 / geo::Projection::worldSize(geo::MapView::kMaxZoom);
    if (std::max(bounds.width(), bounds.height()) < pixelAtMax * 4 || m_view.zoom() >= geo::MapView::kMaxZoom) {
        showRouterList(ids, mapToGlobal(d.screen.toPoint()));
        return;
    }
    m_view.fitWorldRect(bounds, 60);
    m_view.setZoom(std::max(m_view.zoom(), std::floor(m_view.zoom())));
    viewMoved();
}

void MapWidget::showRouterList(const QStringList &ids, const QPoint &globalPos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (qsizetype i = 0; i < ids.size() && i < kMaxListed; ++i) {
        const QString id = ids[i];
        const std::optional<geo::MapPoint> p = m_index.point(id);
        QAction *a = menu->addAction(u"%1 \u2014 %2"_s.arg(routerLabel(id), geo::routerStateName(p->state)));
        connect(a, &QAction::triggered, this, [this, id] { selectRouter(id); });
    }
    if (ids.size() > kMaxListed)
        menu->addAction(tr("\u2026 and %n more", nullptr, int(ids.size() - kMaxListed)))->setEnabled(false);
    menu->popup(globalPos);
}

void MapWidget::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    m_view.zoomAround(event->position(), m_view.zoom() + steps * 0.5);
    viewMoved();
    event->accept();
}

void MapWidget::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = m_lastPos = event->position();
    m_dragged = false;
    if (event->button() != Qt::LeftButton)
        return;
    const QGeoCoordinate at = m_view.screenToGeo(event->position());
    if (m_tool == Tool::DrawCircle) {
        m_draft = {at};
        m_draftCursor = event->position();
        m_drawingCircle = true;
        return;
    }
    if (m_tool == Tool::DrawPolygon)
        return;   // vertices are added on release
    m_dragHandle = handleAt(event->position(), &m_dragVertex);
    m_panning = m_dragHandle == Handle::None;
}

void MapWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (QLineF(pos, m_pressPos).length() > kClickSlop)
        m_dragged = true;
    m_draftCursor = pos;
    if (m_tool != Tool::Navigate) {
        update();
    } else if (m_dragHandle != Handle::None && (event->buttons() & Qt::LeftButton)) {
        dragHandle(pos);
    } else if (m_panning && (event->buttons() & Qt::LeftButton)) {
        m_view.panBy(pos - m_lastPos);
        viewMoved();
    }
    m_lastPos = pos;
}

void MapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (event->button() != Qt::LeftButton)
        return;
    if (m_tool == Tool::DrawCircle && m_drawingCircle) {
        m_drawingCircle = false;
        const double radius = m_draft.first().distanceTo(m_view.screenToGeo(pos));
        if (m_fences && QLineF(m_pressPos, pos).length() > kClickSlop) {
            geo::Geofence f;
            f.name = tr("Circle %1").arg(fenceList().size() + 1);
            f.center = m_draft.first();
            f.radiusMetres = radius;
            selectGeofence(m_fences->add(f));
        }
        setTool(Tool::Navigate);
        return;
    }
    if (m_tool == Tool::DrawPolygon) {
        m_draft.append(m_view.screenToGeo(pos));
        update();
        return;
    }
    const bool wasHandle = m_dragHandle != Handle::None;
    m_dragHandle = Handle::None;
    m_panning = false;
    if (m_dragged || wasHandle)
        return;
    if (const Drawn *d = itemAt(pos)) {
        clickItem(*d);
        return;
    }
    selectGeofence(fenceAt(pos));
}

void MapWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (m_tool == Tool::DrawPolygon) {
        finishPolygon();
        return;
    }
    if (m_tool == Tool::Navigate && !itemAt(event->position())) {
        m_view.zoomAround(event->position(), m_view.zoom() + 1);
        viewMoved();
    }
}

void MapWidget::finishPolygon()
{
    // The double-click's own release added the last corner twice.
    while (m_draft.size() >= 2 && m_draft.last().distanceTo(m_draft[m_draft.size() - 2]) < 1)
        m_draft.removeLast();
    if (m_fences && m_draft.size() >= 3) {
        geo::Geofence f;
        f.shape = geo::Geofence::Shape::Polygon;
        f.name = tr("Area %1").arg(fenceList().size() + 1);
        f.vertices = m_draft;
        selectGeofence(m_fences->add(f));
    }
    setTool(Tool::Navigate);
}

void MapWidget::keyPressEvent(QKeyEvent *event)
{
    const qreal step = 80;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1); break;
    case Qt::Key_Minus: zoomBy(-1); break;
    case Qt::Key_Left: m_view.panBy({step, 0}); viewMoved(); break;
    case Qt::Key_Right: m_view.panBy({-step, 0}); viewMoved(); break;
    case Qt::Key_Up: m_view.panBy({0, step}); viewMoved(); break;
    case Qt::Key_Down: m_view.panBy({0, -step}); viewMoved(); break;
    case Qt::Key_Escape: setTool(Tool::Navigate); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_tool == Tool::DrawPolygon)
            finishPolygon();
        break;
    case Qt::Key_Delete:
        if (m_fences && !m_selectedFence.isNull())
            m_fences->remove(m_selectedFence);
        break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

bool MapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (const Drawn *d = itemAt(help->pos()))
            QToolTip::showText(help->globalPos(), tooltipFor(*d), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

// ---- geofence editing -----------------------------------------------------------------

QUuid MapWidget::fenceAt(const QPointF &pos) const
{
    if (!m_fences)
        return {};
    const QList<geo::Geofence> fences = fenceList();
    for (auto it = fences.crbegin(); it != fences.crend(); ++it) {
        if (fenceOutline(*it).containsPoint(pos, Qt::OddEvenFill))
            return it->id;
    }
    return {};
}

MapWidget::Handle MapWidget::handleAt(const QPointF &pos, int *vertex) const
{
    const std::optional<geo::Geofence> f = m_fences ? m_fences->fence(m_selectedFence) : std::nullopt;
    if (!f)
        return Handle::None;
    const QPolygonF outline = fenceOutline(*f);
    auto near = [&](const QPointF &h) { return QLineF(h, pos).length() <= kHandleRadius + 3; };
    if (f->shape == geo::Geofence::Shape::Circle) {
        if (near(m_view.geoToScreen(f->center)))
            return Handle::Centre;
        return near(outline[18]) ? Handle::Radius : Handle::None;
    }
    for (int i = 0; i < outline.size(); ++i) {
        if (near(outline[i])) {
            *vertex = i;
            return Handle::Vertex;
        }
    }
    return Handle::None;
}

void MapWidget::dragHandle(const QPointF &pos)
{
    std::optional<geo::Geofence> f = m_fences ? m_fences->fence(m_selectedFence) : std::nullopt;
    if (!f)
        return;
    const QGeoCoordinate at = m_view.screenToGeo(pos);
    if (m_dragHandle == Handle::Centre)
        f->center = at;
    else if (m_dragHandle == Handle::Radius)
        f->radiusMetres = std::max(1.0, f->center.distanceTo(at));
    else if (m_dragVertex >= 0 && m_dragVertex < f->vertices.size())
        f->vertices[m_dragVertex] = at;
    m_fences->update(*f);
}

void MapWidget::renameFence(const QUuid &id)
{
    const std::optional<geo::Geofence> f = m_fences ? m_fences->fence(id) : std::nullopt;
    if (!f)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename geofence"), tr("Name:"),
                                               QLineEdit::Normal, f->name, &ok);
    if (ok && !name.trimmed().isEmpty() && m_fences)
        m_fences->rename(id, name.trimmed());
}

void MapWidget::contextMenuEvent(QContextMenuEvent *event)
{
    const QUuid id = fenceAt(event->pos());
    if (id.isNull() || !m_fences)
        return;
    selectGeofence(id);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    connect(menu->addAction(tr("Rename\u2026")), &QAction::triggered, this, [this, id] { renameFence(id); });
    connect(menu->addAction(tr("Delete")), &QAction::triggered, this, [this, id] {
        if (m_fences)
            m_fences->remove(id);
    });
    const QStringList inside = m_monitor->routersInside(id);
    QMenu *list = menu->addMenu(tr("Routers inside (%1)").arg(inside.size()));
    for (qsizetype i = 0; i < inside.size() && i < kMaxListed; ++i) {
        const QString rid = inside[i];
        connect(list->addAction(routerLabel(rid)), &QAction::triggered, this, [this, rid] { selectRouter(rid); });
    }
    list->setEnabled(!inside.isEmpty());
    menu->popup(event->globalPos());
}

} // namespace fw::ui
