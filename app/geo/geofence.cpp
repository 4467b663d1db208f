#include "geo/geofence.h"

#include "geo/projection.h"

#include <QFile>
#include <QGeoCircle>
#include <QGeoPolygon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::geo {

namespace {

bool validCoordinate(const QGeoCoordinate &c)
{
    return c.isValid() && std::isfinite(c.latitude()) && std::isfinite(c.longitude());
}

QJsonArray coordinateJson(const QGeoCoordinate &c)
{
    return QJsonArray{c.longitude(), c.latitude()};
}

std::optional<QGeoCoordinate> coordinateFromJson(const QJsonValue &v)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 2 || !a[0].isDouble() || !a[1].isDouble())
        return std::nullopt;
    const QGeoCoordinate c(a[1].toDouble(), a[0].toDouble());
    if (!validCoordinate(c))
        return std::nullopt;
    return c;
}

} // namespace

bool Geofence::isValid() const
{
    if (shape == Shape::Circle)
        return validCoordinate(center) && radiusMetres > 0 && std::isfinite(radiusMetres);
    if (vertices.size() < 3)
        return false;
    for (const QGeoCoordinate &c : vertices) {
        if (!validCoordinate(c))
            return false;
    }
    return true;
}

QList<QGeoCoordinate> Geofence::unwrappedVertices() const
{
    QList<QGeoCoordinate> out;
    out.reserve(vertices.size());
    for (const QGeoCoordinate &c : vertices) {
        QGeoCoordinate u = c;
        if (!out.isEmpty()) {
            const double prev = out.last().longitude();
            u.setLongitude(prev + Projection::wrapLongitude(c.longitude() - prev));
        }
        out.append(u);
    }
    return out;
}

bool Geofence::contains(const QGeoCoordinate &c) const
{
    if (!isValid() || !validCoordinate(c))
        return false;
    if (shape == Shape::Circle)
        return QGeoCircle(center, radiusMetres).contains(c);

    // Turning the globe about its axis changes neither containment nor Mercator shapes, so
    // centre the polygon on longitude 0 first: then it never crosses the antimeridian and
    // QGeoPolygon sees it the short way round.
    const QList<QGeoCoordinate> path = unwrappedVertices();
    double west = path.first().longitude(), east = west;
    for (const QGeoCoordinate &v : path) {
        west = std::min(west, v.longitude());
        east = std::max(east, v.longitude());
    }
    const double shift = -(west + east) / 2;
    QList<QGeoCoordinate> centred;
    centred.reserve(path.size());
    for (const QGeoCoordinate &v : path)
        centred.append(QGeoCoordinate(v.latitude(), Projection::wrapLongitude(v.longitude() + shift)));
    const QGeoCoordinate point(c.latitude(), Projection::wrapLongitude(c.longitude() + shift));
    return QGeoPolygon(centred).contains(point);
}

QGeoRectangle Geofence::bounds() const
{
    if (shape == Shape::Circle)
        return QGeoCircle(center, radiusMetres).boundingGeoRectangle();
    if (!isValid())
        return {};
    const QList<QGeoCoordinate> path = unwrappedVertices();
    double west = path.first().longitude(), east = west;
    double south = path.first().latitude(), north = south;
    for (const QGeoCoordinate &v : path) {
        west = std::min(west, v.longitude());
        east = std::max(east, v.longitude());
        south = std::min(south, v.latitude());
        north = std::max(north, v.latitude());
    }
    // A rectangle whose west edge lies east of its east edge crosses the antimeridian.
    return QGeoRectangle(QGeoCoordinate(north, Projection::wrapLongitude(west)),
                         QGeoCoordinate(south, Projection::wrapLongitude(east)));
}

QJsonObject Geofence::toJson() const
{
    QJsonObject o{{u"id"_s, id.toString(QUuid::WithoutBraces)}, {u"name"_s, name}};
    if (shape == Shape::Circle) {
        o.insert(u"shape"_s, u"circle"_s);
        o.insert(u"center"_s, coordinateJson(center));
        o.insert(u"radius_m"_s, radiusMetres);
        return o;
    }
    QJsonArray vs;
    for (const QGeoCoordinate &c : vertices)
        vs.append(coordinateJson(c));
    o.insert(u"shape"_s, u"polygon"_s);
    o.insert(u"vertices"_s, vs);
    return o;
}

std::optional<Geofence> Geofence::fromJson(const QJsonObject &json, QString *error)
{
    Geofence f;
    f.id = QUuid::fromString(json.value(u"id"_s).toString());
    f.name = json.value(u"name"_s).toString();
    const QString shape = json.value(u"shape"_s).toString();
    if (shape == u"circle"_s) {
        f.shape = Shape::Circle;
        f.center = coordinateFromJson(json.value(u"center"_s)).value_or(QGeoCoordinate());
        f.radiusMetres = json.value(u"radius_m"_s).toDouble(-1);
    } else if (shape == u"polygon"_s) {
        f.shape = Shape::Polygon;
        const QJsonArray vs = json.value(u"vertices"_s).toArray();
        for (const QJsonValue &v : vs)
            f.vertices.append(coordinateFromJson(v).value_or(QGeoCoordinate()));
    } else {
        *error = u"Geofence \"%1\" has an unknown shape \"%2\"."_s.arg(f.name, shape);
        return std::nullopt;
    }
    if (f.id.isNull() || !f.isValid()) {
        *error = u"Geofence \"%1\" has no id or an invalid centre, radius or vertex."_s.arg(f.name);
        return std::nullopt;
    }
    return f;
}

GeofenceSet::GeofenceSet(QObject *parent)
    : QObject(parent)
{
}

qsizetype GeofenceSet::indexOf(const QUuid &id) const
{
    for (qsizetype i = 0; i < m_fences.size(); ++i) {
        if (m_fences[i].id == id)
            return i;
    }
    return -1;
}

std::optional<Geofence> GeofenceSet::fence(const QUuid &id) const
{
    const qsizetype i = indexOf(id);
    return i < 0 ? std::nullopt : std::optional<Geofence>(m_fences[i]);
}

QUuid GeofenceSet::add(Geofence fence)
{
    if (!fence.isValid())
        return {};
    if (fence.id.isNull() || indexOf(fence.id) >= 0)
        fence.id = QUuid::createUuid();
    m_fences.append(fence);
    Q_EMIT fenceAdded(fence.id);
    return fence.id;
}

bool GeofenceSet::update(const Geofence &fence)
{
    const qsizetype i = indexOf(fence.id);
    if (i < 0 || !fence.isValid())
        return false;
    m_fences[i] = fence;
    Q_EMIT fenceChanged(fence.id);
    return true;
}

bool GeofenceSet::rename(const QUuid &id, const QString &name)
{
    const qsizetype i = indexOf(id);
    if (i < 0)
        return false;
    m_fences[i].name = name;
    Q_EMIT fenceChanged(id);
    return true;
}

bool GeofenceSet::remove(const QUuid &id)
{
    const qsizetype i = indexOf(id);
    if (i < 0)
        return false;
    m_fences.removeAt(i);
    Q_EMIT fenceRemoved(id);
    return true;
}

void GeofenceSet::clear()
{
    m_fences.clear();
    Q_EMIT reset();
}

QByteArray GeofenceSet::toJson() const
{
    QJsonArray a;
    for (const Geofence &f : m_fences)
        a.append(f.toJson());
    return QJsonDocument(QJsonObject{{u"version"_s, 1}, {u"geofences"_s, a}}).toJson();
}

bool GeofenceSet::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject() || doc.object().value(u"version"_s).toInt() != 1) {
        *error = u"The geofence file is not a version 1 Fleetwall geofence document."_s;
        return false;
    }
    QList<Geofence> fences;
    const QJsonArray a = doc.object().value(u"geofences"_s).toArray();
    for (const QJsonValue &v : a) {
        std::optional<Geofence> f = Geofence::fromJson(v.toObject(), error);
        if (!f)
            return false;
        fences.append(*f);
    }
    m_fences = fences;
    Q_EMIT reset();
    return true;
}

bool GeofenceSet::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the geofence file %1: %2."_s.arg(path, file.errorString());
        return false;
    }
    return fromJson(file.readAll(), error);
}

bool GeofenceSet::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit()) {
        *error = u"Cannot write the geofence file %1: %2."_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace fw::geo
