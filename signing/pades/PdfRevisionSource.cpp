// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PdfRevisionSource.h"

#include <algorithm>
#include <stdexcept>

namespace dms {

PdfRevisionSource::PdfRevisionSource(const std::string &path, qpdf_offset_t length)
    : m_file(std::fopen(path.c_str(), "rb"))
    , m_name(path)
{
    if (!m_file)
        return;
    std::fseek(m_file, 0, SEEK_END);
    const qpdf_offset_t size = ftello(m_file);
    m_length = length < 0 ? size : std::min(length, size);
    std::fseek(m_file, 0, SEEK_SET);
}

PdfRevisionSource::~PdfRevisionSource()
{
    if (m_file)
        std::fclose(m_file);
}

void PdfRevisionSource::seek(qpdf_offset_t offset, int whence)
{
    qpdf_offset_t target = offset;
    if (whence == SEEK_CUR)
        target = m_position + offset;
    else if (whence == SEEK_END)
        target = m_length + offset;
    if (target < 0)
        throw std::runtime_error(m_name + ": seek before the start of the file");
    m_position = target;
}

size_t PdfRevisionSource::read(char *data, size_t length)
{
    last_offset = m_position;
    if (!m_file || m_position >= m_length)
        return 0;
    const size_t wanted = static_cast<size_t>(
        std::min<qpdf_offset_t>(static_cast<qpdf_offset_t>(length), m_length - m_position));
    // qpdf reads in small pieces: seek only when needed, so stdio's buffer is kept.
    if (m_filePosition != m_position && fseeko(m_file, m_position, SEEK_SET) != 0)
        throw std::runtime_error(m_name + ": seek failed");
    const size_t got = std::fread(data, 1, wanted, m_file);
    if (got < wanted && std::ferror(m_file))
        throw std::runtime_error(m_name + ": read failed");
    m_filePosition = m_position + static_cast<qpdf_offset_t>(got);
    m_position += static_cast<qpdf_offset_t>(got);
    return got;
}

void PdfRevisionSource::unreadCh(char)
{
    if (m_position > 0)
        --m_position;
}

qpdf_offset_t PdfRevisionSource::findAndSkipNextEOL()
{
    // Same contract as qpdf's FileInputSource: the offset of the next end of line,
    // positioned after all the CR/LF characters that follow it.
    qpdf_offset_t result = 0;
    bool found = false;
    char chunk[4096];
    for (;;) {
        const qpdf_offset_t start = m_position;
        const size_t got = read(chunk, sizeof chunk);
        if (got == 0)
            return found ? result : m_position;
        for (size_t i = 0; i < got; ++i) {
            const char c = chunk[i];
            if (!found && (c == '\r' || c == '\n')) {
                found = true;
                result = start + static_cast<qpdf_offset_t>(i);
            } else if (found && c != '\r' && c != '\n') {
                m_position = start + static_cast<qpdf_offset_t>(i);
                return result;
            }
        }
    }
}

} // namespace dms
