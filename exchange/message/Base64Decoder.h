// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace dms::exchange {

/** Strict base64 (RFC 4648 alphabet, '=' padding) decoded piece by piece, so that an
 *  attachment never has to exist as one encoded string: feed() takes the text in any
 *  split, skips XML whitespace (space, tab, CR, LF) and hands decoded bytes to the
 *  sink in blocks; finish() checks that the input ended on a complete quartet.
 *  Refused: any other character, padding that is not at the very end, anything after
 *  the padding, a missing or partial final quartet. After a refusal the decoder stays
 *  failed. */
class Base64Decoder
{
public:
    /** Receives decoded bytes; returning false stops decoding (feed() then fails). */
    using Sink = std::function<bool(QByteArrayView decoded)>;

    explicit Base64Decoder(Sink sink);

    [[nodiscard]] bool feed(QByteArrayView text);
    [[nodiscard]] bool finish();

    bool failed() const { return m_failed; }
    qint64 decodedSize() const { return m_decodedSize; }

    /** Decodes a whole text at once (the same rules); false when it is not strict base64. */
    static bool decode(QByteArrayView text, QByteArray &out);

private:
    bool flush();

    Sink m_sink;
    QByteArray m_out;
    unsigned m_quartet = 0;
    int m_inQuartet = 0;
    int m_padding = 0;
    bool m_ended = false;
    bool m_failed = false;
    qint64 m_decodedSize = 0;
};

} // namespace dms::exchange
