#include "geo/basemap.h"

#include "geo/projection.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::geo {

namespace {

// Reads the little-endian fields of the format described in scripts/make-basemap.mjs and
// remembers the first overrun instead of throwing.
class Reader
{
public:
    explicit Reader(const QByteArray &data) : m_data(data) {}

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_data.size(); }

    quint32 u32()
    {
        if (m_pos + 4 > m_data.size())
            return fail();
        quint32 v = 0;
        for (int i = 0; i < 4; ++i)
            v |= quint32(quint8(m_data[m_pos + i])) << (8 * i);
        m_pos += 4;
        return v;
    }

    qint32 i32() { return qint32(u32()); }

    quint8 u8()
    {
        if (m_pos >= m_data.size())
            return quint8(fail());
        return quint8(m_data[m_pos++]);
    }

    qint32 varint()
    {
        quint32 v = 0;
        for (int shift = 0; shift < 35 && m_ok; shift += 7) {
            const quint8 b = u8();
            v |= quint32(b & 0x7f) << shift;
            if (!(b & 0x80))
                return qint32(v >> 1) ^ -qint32(v & 1);
        }
        return qint32(fail());
    }

    QByteArray bytes(int n)
    {
        if (m_pos + n > m_data.size())
            return (fail(), QByteArray());
        m_pos += n;
        return m_data.mid(m_pos - n, n);
    }

    quint32 fail()
    {
        m_ok = false;
        m_pos = m_data.size();
        return 0;
    }

private:
    const QByteArray &m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

QList<QPointF> readPoints(Reader &r, double scale)
{
    const quint32 n = r.u32();
    QList<QPointF> pts;
    if (n > 10'000'000 || !r.ok())
        return (r.fail(), pts);
    pts.reserve(n);
    qint64 x = 0, y = 0;
    for (quint32 i = 0; i < n && r.ok(); ++i) {
        x += r.varint();
        y += r.varint();
        pts.append(Projection::toWorldUnwrapped(x / scale, y / scale));
    }
    return pts;
}

QRectF readBounds(Reader &r, double scale)
{
    const double w = r.i32() / scale, s = r.i32() / scale, e = r.i32() / scale, n = r.i32() / scale;
    return QRectF(Projection::toWorldUnwrapped(w, n), Projection::toWorldUnwrapped(e, s)).normalized();
}

QList<Basemap::Shape> readShapes(Reader &r, double scale, bool polygons)
{
    const quint32 count = r.u32();
    QList<Basemap::Shape> shapes;
    for (quint32 i = 0; i < count && r.ok(); ++i) {
        Basemap::Shape shape;
        shape.bounds = readBounds(r, scale);
        const quint32 parts = polygons ? r.u32() : 1;
        for (quint32 p = 0; p < parts && r.ok(); ++p)
            shape.parts.append(readPoints(r, scale));
        shapes.append(shape);
    }
    return shapes;
}

} // namespace

std::optional<Basemap> Basemap::fromData(const QByteArray &data, QString *error)
{
    Reader r(data);
    const QByteArray magic = r.bytes(4);
    const quint32 version = r.u32();
    const double scale = r.u32();
    const quint32 levels = r.u32();
    if (magic != QByteArrayLiteral("FWBM") || version != 1 || scale <= 0 || levels > 8) {
        *error = u"The basemap resource is not a version 1 Fleetwall basemap."_s;
        return std::nullopt;
    }
    Basemap map;
    for (quint32 l = 0; l < levels && r.ok(); ++l) {
        Level level;
        level.name = QString::fromLatin1(r.bytes(r.u8()));
        level.land = readShapes(r, scale, true);
        level.borders = readShapes(r, scale, false);
        map.m_levels.append(level);
    }
    if (!r.ok() || !r.atEnd() || map.m_levels.isEmpty()) {
        *error = u"The basemap resource is truncated or damaged."_s;
        return std::nullopt;
    }
    return map;
}

int Basemap::levelForZoom(double zoom) const
{
    // 110m up to zoom 3, 50m up to zoom 5.5, then 10m when present.
    const int wanted = zoom < 3.0 ? 0 : (zoom < 5.5 ? 1 : 2);
    return std::min(wanted, int(m_levels.size()) - 1);
}

} // namespace fw::geo
