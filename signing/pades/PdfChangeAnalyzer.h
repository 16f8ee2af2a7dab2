// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSet>
#include <QStringList>
#include <qpdf/QPDF.hh>

#include <map>
#include <set>

namespace dms {

/** Finds what later incremental updates changed compared with the revision a
 *  signature covers (ISO 32000-1 §12.8.2.2 and the PDF signature attacks of
 *  Mladenov et al. 2019 and Mainka et al. 2021): page content and resources,
 *  annotations, form fields, catalog entries; and the shadow attacks, where
 *  content present but not shown in the signed revision (hide), redefined objects
 *  (replace) or both become visible. Allowed: new signature fields and their
 *  widgets, a /DSS, and depending on the signed revision's DocMDP permission (P,
 *  default 2) form filling (warning) and annotations (P = 3, warning). Internal to
 *  signing/pades; qpdf may throw, the caller catches. */
class PdfChangeAnalyzer
{
public:
    struct Findings
    {
        /** Changes that make the signature fail. */
        QStringList errors;
        /** Allowed changes worth telling (form filled, metadata changed). */
        QStringList warnings;
        /** Allowed changes (later signatures). */
        QStringList notes;
    };

    /** @p signedRevision: the document as the signature covers it; @p current: the whole file. */
    PdfChangeAnalyzer(QPDF &signedRevision, QPDF &current);

    Findings analyze();

private:
    bool isUnchanged(QPDFObjGen object) const;
    bool isEqual(QPDFObjectHandle before, QPDFObjectHandle after);
    bool isEqual(QPDFObjectHandle before, QPDFObjectHandle after, const std::set<std::string> &skippedKeys);
    bool isEqualResolved(QPDFObjectHandle before, QPDFObjectHandle after,
                         const std::set<std::string> &skippedKeys, bool sameBytes);
    int docMdpPermission();
    void comparePages(Findings &findings);
    void compareAnnotations(int page, QPDFObjectHandle before, QPDFObjectHandle after, int permission,
                            Findings &findings);
    void compareCatalog(Findings &findings);
    void compareFields(Findings &findings, int permission);
    void findShadowContent(Findings &findings);

    QPDF &m_signed;
    QPDF &m_current;
    std::map<QPDFObjGen, QPDFXRefEntry> m_signedXref;
    std::map<QPDFObjGen, QPDFXRefEntry> m_currentXref;
    /** Results of compared indirect pairs; true while a pair is being compared (cycles). */
    std::map<std::pair<QPDFObjGen, QPDFObjGen>, bool> m_compared;
};

} // namespace dms
