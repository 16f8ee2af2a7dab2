// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qpdf/InputSource.hh>

#include <cstdio>
#include <string>

namespace dms {

/** A qpdf InputSource over the first @p length bytes of a file, so that qpdf sees
 *  one revision of an incrementally updated PDF (the bytes a signature covers) as
 *  if it were the whole file. Reads through stdio, never the whole file at once.
 *  Private to signing/pades (the only code including qpdf headers). */
class PdfRevisionSource final : public InputSource
{
public:
    /** @p length < 0: the whole file. isOpen() tells whether the file could be opened. */
    PdfRevisionSource(const std::string &path, qpdf_offset_t length);
    ~PdfRevisionSource() override;
    PdfRevisionSource(const PdfRevisionSource &) = delete;
    PdfRevisionSource &operator=(const PdfRevisionSource &) = delete;

    bool isOpen() const { return m_file != nullptr; }
    qpdf_offset_t length() const { return m_length; }

    qpdf_offset_t findAndSkipNextEOL() override;
    std::string const &getName() const override { return m_name; }
    qpdf_offset_t tell() override { return m_position; }
    void seek(qpdf_offset_t offset, int whence) override;
    void rewind() override { seek(0, SEEK_SET); }
    size_t read(char *data, size_t length) override;
    void unreadCh(char ch) override;

private:
    std::FILE *m_file = nullptr;
    std::string m_name;
    qpdf_offset_t m_length = 0;
    qpdf_offset_t m_position = 0;
    /** Where the FILE stands, -1 when unknown. */
    qpdf_offset_t m_filePosition = -1;
};

} // namespace dms
