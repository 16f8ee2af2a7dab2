// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;
class QTemporaryDir;

namespace dms {

/** Bytes in which unique markers stand for content kept in files — a large
 *  attachment's base64 text inside an XML message — so that the whole never has to
 *  be in memory: write() streams the skeleton with each marker replaced by its
 *  part's file, copied as is or base64-encoded on the fly. Each marker must occur
 *  exactly once in the text it is spliced into (anything else is refused, so a
 *  marker can never be smuggled in twice). Value type; copies share the temporary
 *  directory that holds the parts' files, if any, which lives as long as a copy. */
class SplicedContent
{
public:
    enum class Encoding { Raw, Base64 };

    /** A marker and what replaces it: the file's bytes (Raw) or their base64 (no line breaks). */
    struct Part
    {
        QByteArray marker;
        QString path;
        Encoding encoding = Encoding::Raw;
    };

    /** Receives the spliced bytes in pieces; false stops (Cancelled). */
    using Sink = std::function<bool(QByteArrayView bytes)>;

    SplicedContent() = default;
    SplicedContent(QByteArray skeleton, QList<Part> parts, std::shared_ptr<QTemporaryDir> files = {});

    const QByteArray &skeleton() const { return m_skeleton; }
    const QList<Part> &parts() const { return m_parts; }
    bool isSpliced() const { return !m_parts.isEmpty(); }
    /** The same parts (and files) around another skeleton: a signed one, say. */
    SplicedContent withSkeleton(QByteArray skeleton) const;

    /** Streams the skeleton with the parts spliced in. InvalidInput when a marker is
     *  not in the skeleton exactly once, Storage when a file cannot be read,
     *  Cancelled when the sink refuses. */
    [[nodiscard]] Status write(const Sink &sink) const { return splice(m_skeleton, m_parts, sink); }
    /** write() to a device; Storage when the device refuses the bytes. */
    [[nodiscard]] Status writeTo(QIODevice &device) const;
    /** The total size of the spliced bytes (files are not read, only measured). */
    Result<qint64> size() const;
    /** The whole in memory: for small messages and tests. */
    Result<QByteArray> toByteArray() const;

    /** A fresh marker: 24 random bytes as 32 base64 characters (valid wherever base64
     *  is, and never guessable by whoever supplies the surrounding bytes). */
    static QByteArray newMarker();
    /** write() for any text holding the markers (a canonical form of the skeleton, say). */
    [[nodiscard]] static Status splice(const QByteArray &text, const QList<Part> &parts, const Sink &sink);
    /** The hash of text with the parts spliced in (a reference digest over a canonical
     *  form whose large text nodes are kept in files); the errors of splice(). */
    static Result<QByteArray> hash(const QByteArray &text, const QList<Part> &parts,
                                   QCryptographicHash::Algorithm algorithm);
    /** Streams one part's replacement bytes. */
    [[nodiscard]] static Status writePart(const Part &part, const Sink &sink);

private:
    QByteArray m_skeleton;
    QList<Part> m_parts;
    std::shared_ptr<QTemporaryDir> m_files;
};

} // namespace dms
