<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>dms</name>
    <message>
        <source>Receipt of registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this receipt: the registration index lets you follow your document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no registration to print a receipt for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt could not be printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reg. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no registration to print a label for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label could not be printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of &quot;%2&quot; is too large to import (%3 × %4 pixels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no scanner &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Importing files has no option &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resolution must be between 10 and 2400 dpi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no more pages to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image file &quot;%1&quot; is damaged or truncated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PDF, JPEG, PNG or TIFF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; is damaged or truncated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; is protected by a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file &quot;%1&quot; has no pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; has more than %2 pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough memory to import the page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No language is chosen for text recognition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text recognition data for the language &quot;%1&quot; is missing. Install the package tesseract-ocr-%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OCR engine is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner driver is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner has no flatbed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner has no document feeder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner cannot scan both sides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scan profile needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resolution must be between 50 and 1200 dpi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JPEG quality must be between 1 and 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The blank-page rule is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no scan profile &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last scan profile cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no page %1 in the batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages are still being processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch has no pages to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature file must hold exactly one signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature file does not contain the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document to sign cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature file cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SHA-256 digest has 32 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing certificate is not valid yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing certificate has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s key type is not supported for signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature value is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CAdES signature could not be built.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trusted certificates file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trusted certificates file holds no certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamping service address is not supported (only http:// is).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamping service did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamping service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request cannot be prepared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service sent an empty answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed byte range lies beyond the end of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The space reserved for the signature is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing certificate is not valid at this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not fit the space reserved for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed revision of the PDF file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a readable PDF document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certifying signature allows no change, but the document was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages were added or removed after signing (%1 signed, %2 now).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The content of page %1 was changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An annotation was removed from page %1 after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A form field on page %1 was filled in after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An annotation on page %1 was changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature field was added to page %1 after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An annotation was added to page %1 after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document metadata was changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document catalog entry %1 was changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A form field was removed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature was replaced after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A form field was changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A form field other than a signature was added after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content that was present but not shown in the signed revision is shown now (shadow attack: hide).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects shown in the signed revision were redefined after signing (shadow attack: replace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The font for the visible signature has no glyph for &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The smartcard module %1 cannot be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a smartcard (PKCS#11) module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature could not be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of this certificate is not on the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key cannot sign with the requested digest algorithm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file is not a PKCS#12 file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password of the key file is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file does not hold a private key with its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key and its certificate are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key does not belong to the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The digest has the wrong size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a Trusted List.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Trusted List&apos;s signature is not valid or not by its configured signer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Trusted List is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Trusted List file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML document is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is not detached: it contains the signed document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature lacks the contentType (id-data) or messageDigest signed attribute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature uses a digest algorithm that is not accepted (%1); SHA-256 or stronger is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed document cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document has been changed after it was signed (its digest does not match the signature).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature value is not valid for the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s key (%1 bits) is too weak or of an unsupported type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing-certificate attribute does not name the certificate in the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature lacks the signing-certificate-v2 attribute binding the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamp is older than the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation of the time-stamping authority&apos;s certificate was not checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature time-stamp could not be verified and was ignored; the certificates were checked at the current time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing time is the signer&apos;s own claim; no time-stamp proves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not meant for signatures (no nonRepudiation or digitalSignature key usage).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate lacks the nonRepudiation key usage required for qualified signatures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate authority &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not revoked (%2, issued %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is suspended (on hold) since %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was revoked on %2, after the time-stamp proves the signature was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was revoked on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was revoked on %1, before the signature was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was revoked on %1 and no time-stamp proves the signature was made earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 had expired when its revocation data was issued; that data proves nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate claims to be qualified but lacks the nonRepudiation key usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate&apos;s qualified status has not been confirmed against a Trusted List (none configured); the level is at most AdES-QC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is not declared to be in a qualified signature creation device (QcSSCD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Trusted List does not list the issuer as a qualified service at the signing time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer is not on the Trusted List; the qualified status is the certificate&apos;s own claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation service address is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation service did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML could not be canonicalised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No element has the id to be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id to be signed occurs more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed XML could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML document is not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML document has more than one signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature lacks SignedInfo or SignatureValue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature&apos;s canonicalisation method is missing or not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature algorithm is not supported (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SignedInfo holds an unexpected element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate in the signature&apos;s KeyInfo is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not carry the signer&apos;s certificate (KeyInfo/X509Data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference points outside the document (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed element &quot;%1&quot; is not in the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id &quot;%1&quot; occurs more than once in the document (a signature wrapping attempt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed properties reference does not point to this signature&apos;s SignedProperties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is not enveloped by the element it signs (it was moved, or the document was wrapped).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference uses an unknown digest algorithm (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature uses SHA-1, which is no longer accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A digest value in the signature is not valid base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed properties have been changed after signing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature must have exactly one reference to the signed content.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature must cover the whole document (reference URI=&quot;&quot;) and be the last element of the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only part of the document (the element &quot;%1&quot;) is signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature value is not valid base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML parser could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML document has a document type declaration (DTD), which is not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The XML document is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document to send is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recipient must be a participant&apos;s GUID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document was not sent to this participant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a document whose sending failed can be sent again; this one was delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file of the document cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document to send is not registered here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An annulled registration cannot be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recipient is not in the exchange registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant is not active in the exchange registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply does not come from the recipient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply is not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply is signed by another certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply could not be processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message to send is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The received message is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message does not match the exchange schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message cannot be received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is not well-formed XML.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is larger than allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message carries a document type declaration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exchange message could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An attachment file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant registry could not be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant registry answered with an invalid reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No date to ask the participant registry for changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant registry reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant registry file is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message signature is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SOAP envelope is not acceptable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The peer answered with a SOAP fault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document was already received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is not waiting for registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document&apos;s exchange status cannot change that way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message was already received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a failed outbox entry can be resent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No document with this GUID was sent to the participant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A participant record is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant is not in the exchange registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The participant&apos;s identifier does not match the exchange registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exchange schemas could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint address is not an https URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transport certificate files cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other administration could not be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate does not chain to a trusted certificate authority.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate had expired at %1 and no time-stamp proves the signature existed earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate authority&apos;s certificate in the chain had expired at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate in the chain was not yet valid at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signer&apos;s certificate chain is not valid: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Official</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit journal is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Year&apos;s Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liberation Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>St George&apos;s Day, Day of the Bulgarian Army</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day of Bulgarian Education and Culture and Slavonic Literature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unification Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Independence Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Christmas Eve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Christmas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good Friday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holy Saturday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Easter Sunday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Easter Monday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day off in lieu of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A personal number (ЕГН) consists of exactly 10 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The personal number (ЕГН) does not begin with a valid date of birth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The personal number (ЕГН) is mistyped: its check digit does not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A company or BULSTAT code (ЕИК) consists of exactly 9 or 13 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company code (ЕИК) is mistyped: its ninth digit does not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The branch code (ЕИК) is mistyped: its thirteenth digit does not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration index format is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no {/sub}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no {register}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has an unknown placeholder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ССЕВ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search text is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A search word is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many search words (at most %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The date is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The year is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar covers the years %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar holds a date that is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The case file has %n open resolution(s); complete or cancel them first.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The year must be between %1 and %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A code is up to %1 letters and digits, in groups joined by &apos;.&apos;, &apos;-&apos; or &apos;/&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retention period must be between 1 and %1 years.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A heading is kept either for a number of years or permanently, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the retention period in years or mark the heading as permanent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 contains control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The correspondent needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address is not valid; write it as name@example.bg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a citizen has a personal number (ЕГН).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A citizen has no ЕИК; register a company or sole trader as a company.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A company needs its ЕИК.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An administration needs its ЕИК (БУЛСТАТ code).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an administration has a СЕОС address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The СЕОС address must be a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A correspondent with this personal number (ЕГН) is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A correspondent with this ЕИК is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A correspondent with this СЕОС address is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such correspondent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the personal number (ЕГН) in full; a masked number cannot be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a personal number (ЕГН), an ЕИК or a СЕОС address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No correspondent has this identifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for 1 to %1 correspondents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This correspondent has no personal number (ЕГН).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This register is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not issue a registration number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 code must be 1 to 12 letters or digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry already has a register with this code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an active user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may not execute resolutions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instruction is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instruction is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an executor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many co-executors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A co-executor is not chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The executor cannot also be a co-executor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A co-executor is named twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the deadline either as a date or as a number of working days, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of working days must be between 1 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This resolution is already done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This resolution is cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A login is 2 to 64 lower-case Latin letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full name is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user needs at least one role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database already has users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user with this login already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This user is deactivated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid content name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the database folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database driver is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown kind of database; use sqlite: or postgresql://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite database path is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was made by a newer version of Delovod; please upgrade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database schema does not match this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database needs to be upgraded first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the database failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A record with the same key already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record refers to something that does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record breaks a rule of the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy; please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A database operation failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database (see DATABASE URLS); default: $DELOVOD_DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Act as this user; default: $DELOVOD_USER, else the login of the operating-system account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also print the libraries&apos; informational messages (applied migrations and the like).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the help, of one command when given after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the result as JSON (UTF-8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not open for reading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the file store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write to the file store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is missing from the file store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read from the file store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stored file is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The administrator&apos;s login is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The administrator&apos;s full name is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry code must be 1 to 12 letters or digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register code must be 1 to 12 letters or digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two registers have the same code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is already initialised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day has no entry in the calendar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file is already closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file was changed meanwhile; please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only registered documents join a case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration of this document is annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is already in this case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document already belongs to case file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document already belongs to a case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such heading of the file plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent heading %1 is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent heading %1 is in force only from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A heading with code %1 is in force from %2; close it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A heading with code %1 already exists from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heading %1 is already closed (in force until %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heading %1 is in force from %2; it cannot end before that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heading %1 has sub-headings in force after %2; close them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heading %1 is already closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name is not valid text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name may not contain slashes, backslashes or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The media type is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document text is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data needs an active administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of demo documents cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data generation was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document kind is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document kind is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page count is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A document either opens a case file or joins one, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for the annulment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration is already annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline is in the past.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the executor or an administrator may complete this resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This resolution is no longer open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for the cancellation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the author or an administrator may cancel this resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the file took too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--no-registers and --with-register exclude each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--with-register needs CODE:KIND:NAME with KIND one of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initialised %1 (schema version %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registry: %1 %2, pattern %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No registers yet: add them with &apos;register add&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KIND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FIRST INDEX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgraded the database schema to version %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database schema is up to date (version %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database schema is current (version %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database has no users or registries yet: run &apos;init&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown role &apos;%1&apos;: use clerk, official, administrator or auditor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --role is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created user %1 (%2) with roles %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOGIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INDEX PATTERN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REGISTERS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created registry %1 (%2), pattern %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown register kind &apos;%1&apos;: use %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created register %1 (%2) in registry %3; its first index will be like %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REGISTRY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create the database, its first administrator, registry and registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates the database if it does not exist, brings its schema up to date and initialises it: the first administrator (the acting user&apos;s login unless --admin is given), the registry and its registers. Every step is recorded in the audit journal. A database that already has users or registries is refused, so running init twice changes nothing.

Unless --with-register or --no-registers is given, the registry gets one register of each kind, coded as Sofia Municipality does: ВХ01 incoming (Входяща кореспонденция), ИЗ01 outgoing (Изходяща кореспонденция), ВН01 internal (Вътрешна кореспонденция) and ЗП01 orders (Заповеди).

The index pattern takes the placeholders {registry}, {yy} or {year}, {register}, {number} or {number:N}, {/sub}, {date} and {isodate}; the default {registry}{yy}-{register}-{number}{/sub}/{date} gives indexes such as СОА20-ВК66-7245/08.09.2020.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login of the first administrator (default: the acting user).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name of the first administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code of the registry: the prefix of every index, e.g. СОА.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the registry, e.g. the administration&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format of registration indexes (see above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create this register instead of the default ones; KIND is incoming, outgoing, internal or orders. Repeat for several registers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create no registers (add them later with &apos;register add&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bring the database schema up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies the schema migrations this version carries that the database lacks, each in its own transaction. A database made by a newer version, or whose applied migrations differ from this version&apos;s, is refused and left unchanged. Take a backup first. Like &apos;check&apos;, it needs no user of the database: run it as the account that may open the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check that the database schema is exactly what this version expects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens the database without changing it and compares its schema with this version&apos;s migrations. Exits with 3 when the schema is out of date, newer than this version or altered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create a user (administrators only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a user with one or more roles: clerk (registers mail, keeps case files), official (reads, resolves and executes documents), administrator (configures everything, annuls entries) and auditor (reads everything and verifies the journal). A login is 2 to 64 lower-case Latin letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name of the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role(s), separated by commas or given several times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the users and their roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists every user with roles and whether the account is active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the registries with their index patterns and registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the registries with their codes, index patterns and registers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create another registry (administrators only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a registry (регистратура) whose code prefixes its indexes. The index pattern is described under &apos;init&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format of registration indexes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create a register book (administrators only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a register (регистър) in a registry. Its numbers start at 1 and restart every year. The code is 1 to 12 letters or digits and appears in every index of the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incoming, outgoing, internal or orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registry code; needed when there are several.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the registers of every registry, or of one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXIT STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command line is wrong: unknown command or option, a missing or malformed argument, no or a malformed database URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command failed: refused by the rules (permission, invalid input, already annulled…) or the database could not be used. The reason is on standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A check ran and found problems: &apos;journal verify&apos; found a damaged journal, &apos;check&apos; an outdated or altered schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1 [--database URL] [--user LOGIN] COMMAND [ARGUMENTS] [OPTIONS]
Try &apos;%1 help&apos; for the list of commands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administer a Delovod registry office from the command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SYNOPSIS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 works on the database of a Delovod registry office (деловодна система): it creates and upgrades the database, manages users, registries and registers, registers and annuls documents, searches the registers and verifies the audit journal. Every change goes through the same services as the desktop client and the server, with the same permission checks, and is recorded in the tamper-evident audit journal under the acting user&apos;s login.

The acting user is the one given with --user, else $DELOVOD_USER, else the login of the operating-system account, and must be an active user of the database. %1 trusts it: whoever can open the database can act as any user, so keep the database file or its credentials readable only by the people who administer the office.

Output is UTF-8 text; commands that list or create things also print JSON with --json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMANDS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show this manual, or the manual of one command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLOBAL OPTIONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DATABASE URLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An SQLite file (a bare path works too). Only &apos;init&apos; creates a missing file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PostgreSQL database; add ?host=/run/postgresql to connect through a Unix socket directory. Prefer a ~/.pgpass file to a password on the command line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL when --database is not given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The acting user when --user is not given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of messages: bg (the default) or en (the English source texts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXAMPLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;%1 help COMMAND&apos; for the options of one command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPTIONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit journal is intact: %1 entries, %2 sealed days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit journal is damaged: %1 problems in %2 entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sealed %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify the audit journal&apos;s hash chain and daily seals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recomputes the hash of every journal entry, the chain between them and the seals of past days, and prints each problem with the number of the entry or the day concerned: altered, removed or reordered entries and rewritten days. Exits with 0 when the journal is intact and 3 when it is not. Needs the auditor or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seal the audit journal&apos;s past days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seals every whole day (UTC) before today that has journal entries and no seal yet, so that removing a day&apos;s last entries or rewriting a sealed day is detected. Run it daily, e.g. from cron shortly after midnight. Needs the auditor or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No case file has this id or registration index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration does not belong to a case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the register with --register CODE (or a case file with --case).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--case and --open-case exclude each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown channel &apos;%1&apos;: use %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown access level &apos;%1&apos;: use %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulled %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status &apos;%1&apos;: use active or annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No registered document matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INDEX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUBJECT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More documents match: narrow the search or raise --limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register a document and print its registration index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registers a document in a register under the next number of the year and prints the registration index. The time is the server&apos;s clock; the date in the index is the local date in Sofia. With --case the document joins a case file (преписка) and takes the next follow-up number of its first registration, e.g. СОА20-ДИ05-2118/1/11.09.2020; with --open-case it opens a new case file. Needs the clerk or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code of the register, e.g. ВК66.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registry code, when several registries have the register code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of document, e.g. Заявление, Писмо, Жалба.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject (относно) of the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it arrived: counter (default), post, email, seos, ssev, eservice or internal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of pages (default 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public, internal (default) or restricted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join this case file, given by its id or by the index of a registration in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a new case file with this document as its first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title of the new case file (default: the subject).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8 text of the document, indexed for search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>annul a registration (administrators only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marks a registration void with a reason. The entry keeps its number and index and stays in the register; an annulled entry cannot be annulled again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the entry is annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>search registered documents, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finds the documents whose index, kind, subject, correspondent or text contain all the words, case-insensitively; a word ending in &apos;*&apos; matches as a prefix. Without words it lists the newest entries. Restricted documents are shown only to those who may read them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered on or after this date (yyyy-MM-dd or dd.MM.yyyy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered on or before this date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only documents of this kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active or annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most N entries (default 50, at most 1000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try &apos;%1 help&apos; for the list of commands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try &apos;%1 help %2&apos; for more information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;: use %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the options after the command name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database: give --database URL or set DELOVOD_DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsupported database URL &apos;%1&apos;: use sqlite:PATH or postgresql://….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;%1 migrate&apos; to upgrade it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 needs a whole number from %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 needs a date such as 2020-09-08 or 08.09.2020.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no database at this path; create it with &apos;%1 init&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is acting is unknown: give --user LOGIN or set DELOVOD_USER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The acting user is not a user of this database: give --user LOGIN or set DELOVOD_USER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database has no registry yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database has several registries: choose one with --registry CODE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several registries have a register with this code: choose the registry with --registry CODE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database: give --database URL, set [database] url in the configuration file or set DELOVOD_DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no database at this path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1 (schema version %2, current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database schema of %1 is at version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the settings from this INI file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database URL; overrides the configuration file and $DELOVOD_DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate the configuration, open the database and check that its schema is current.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring the database schema up to date (creates an SQLite file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try &apos;%1 --help&apos; for more information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration file is not a valid INI file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown setting &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration file has errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http/address must be an IP address or &apos;localhost&apos;, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delovod: the registry office&apos;s desktop client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database: an SQLite file (sqlite:/path/file.db) or postgresql://user@host/name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill the database with demonstration data first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as this user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the interface (bg, en).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LANG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit after this many milliseconds (for smoke tests).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--quit-after-ms needs a positive number of milliseconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--database needs a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --quit-after-ms: save a picture of the window (PNG) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot needs --quit-after-ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner was chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner has no such setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scanner setting cannot be changed now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value does not fit this scanner setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner has no such paper source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner cannot scan in this colour mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner cannot limit the scan area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner sends images in a format Delovod cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory for the scanned page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document feeder is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The paper is jammed in the scanner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner cover is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner is busy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner stopped responding (input/output error).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner refused the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner does not support this operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the scanner was denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner driver ran out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner driver reported an unexpected state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner driver reported an unknown error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. The PIN is now locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. One try is left before the PIN is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. Only a few tries are left before the PIN is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN is locked. Unblock it with the PUK or contact the issuer of the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN has expired and must be changed first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card has no PIN set yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card in the reader is not recognised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is no longer on the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key cannot make this kind of signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card refused the data to sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card is busy with another operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card needs the PIN first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card or its reader reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card software reported an unexpected error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 file is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the %1 file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot restrict TLS to version 1.2 or newer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server certificate cannot be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server key cannot be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server key does not match the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client CA file holds no usable certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot require client certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request header is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is not valid HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HTTP server has already been started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listening address is not an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such resource.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This resource does not accept this method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP address: %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the certificate, key and client CA are valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: not configured; the server cannot serve without [tls].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving https://%1:%2 (database %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped (signal %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve HTTPS until SIGTERM or SIGINT (needs the [tls] settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--serve and --check-config cannot be combined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot serve without TLS: set [tls] certificate, key and client_ca in the configuration file (--check-config validates them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http/port must be a number from 0 (any free port) to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http/threads must be a number from 1 to 256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tls/certificate, tls/key and tls/client_ca must be set together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limits/max_header_bytes must be a number from 1024 to 1048576</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limits/max_body_bytes must be a number of bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limits/request_timeout_ms must be a positive number of milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limits/idle_timeout_ms must be a positive number of milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>limits/shutdown_timeout_ms must be a number of milliseconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page could not be compressed as CCITT Group 4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only black-and-white images can be compressed as G4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF writer is already writing a document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page has no image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages with transparency cannot be stored in PDF/A.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page could not be compressed as JPEG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF cannot be written: the output is not open for writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF writer is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page has no resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page is too large for PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document has no pages; no PDF was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sRGB colour profile could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a valid CAdES signature (CMS SignedData).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature&apos;s time-stamp is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamping authority&apos;s answer is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A page was given more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new page order does not list every page once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A blob is named by its SHA-256 in lower-case hex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part number is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part may hold at most 8 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part does not match its SHA-256; send it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not store the part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read a part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part count is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not join the parts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part %1 of the upload is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The uploaded bytes do not match their SHA-256; the upload was discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored blob does not match its SHA-256.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change feed counter is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the desk a name of at most 100 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate fingerprint must be 64 lower-case hexadecimal digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desk with this name or certificate is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation&apos;s certificate is not registered as a desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The channel or the access level is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind of correspondent is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This command id was already used by another desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each command needs an op_id: a UUID in lower case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provisional entry needs its number and its local receipt time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not record the provisional entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command could not be stored; push it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not issue a provisional number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command is larger than the server accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not take the command now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered only part of the commands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The push needs an &quot;ops&quot; array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 commands per push.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each command needs op_id, kind and a payload object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cursor, limit and wait must be numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask about at most 10000 blobs at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part number is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part count is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in on this desk first (the session is unknown or has expired).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active user with this login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message will be sent again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 participants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the СЕОС outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the messages to other administrations with their delivery state, attempts and last error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the СЕОС inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the documents received from other administrations with their status and, once registered, our registration index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>send a failed СЕОС message again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Puts a failed outbox message back in the queue, due now, with a fresh retry schedule. The message is resent unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replace the СЕОС participant registry from a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For closed networks without the registry service: reads a JSON array of participants (guid, identifier, name, certificateSN, endpoint, active) and replaces the offline copy. Nothing is imported when a record is invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dpi, %2, %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build has no scanner support (SANE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --mode takes lineart, gray or color.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --source takes flatbed, feeder or duplex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --device or --import, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --option takes NAME=VALUE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No page was scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n page(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Separator sheets left out: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Blank pages left out: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Blank pages kept: %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>scan paper (or import files) into PDF/A documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner (see &apos;scan devices&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file to import instead of scanning; repeatable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan profile (see &apos;scan profiles&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the profile: lineart, gray or color.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the profile: dots per inch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the profile: flatbed, feeder or duplex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many pages (0: until the feeder is empty).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scanner driver option; repeatable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The documents&apos; title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the scanners that can be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the scanners SANE finds now (this may take seconds with network scanners).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the scan profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the scan profiles shared with the desktop client; until one is saved there, the shipped ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --pkcs12 FILE --pass-env VAR or --token LABEL --pin-env VAR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no qualified signing certificate%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> with that key id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token with the label &quot;%1&quot; is present.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This delovodctl was built without smartcard (PKCS#11) support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown signature format &quot;%1&quot;: use cades, pades or xades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to sign does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to sign cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indication: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing time: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time-stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claimed by the signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is neither PDF nor XML; give the detached signature with --signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign a file with a smartcard or a PKCS#12 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cades, pades or xades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#12 key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable holding the PKCS#12 password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label of the smartcard/token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable holding the token PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key&apos;s PKCS#11 id (hex) when the token has several.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 module (default: p11-kit-proxy.so).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify the signatures of a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifies the PAdES signatures of a PDF, the enveloped XMLDSig/XAdES signature of an XML document, or a detached CAdES signature (--signature, or FILE.p7s next to FILE), and prints a report per signature like the EU DSS: TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED with the reason, the level (QES, AdES-QC, AdES), the signer and the signing time. Certificates chain to the anchors of --trust (PEM); without it no chain is trusted. The revocation of CAdES and PAdES signers is checked with the embedded OCSP/CRL data, then online; --no-revocation makes a missing status a warning and stays offline (XML signatures are not checked for revocation yet). Exits with 0 when every signature passed, 3 when one failed or is indeterminate (or there is none), 1 for a wrong command line and 2 when the file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detached CAdES signature of FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trusted CA certificates (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not require the certificates&apos; revocation status and do not go online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept XML signatures with SHA-1 (Article 18 exchange messages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync/session_minutes must be a number from 1 to 10080</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the desk&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the desk&apos;s private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s CA certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TIFF file &quot;%1&quot; is damaged or truncated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page cannot be read as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text recognition could not load its language data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text recognition was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text of the page could not be recognised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a PDF document that can be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypted PDF documents cannot be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document has no page %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF file was changed while it was being signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature value is not a signature dictionary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signatures of type %1 are not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature has no /Contents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature has no valid /ByteRange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed bytes do not start at the beginning of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature&apos;s /ByteRange is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is shorter than the signed bytes: it was truncated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bytes left out of the signature are not the signature&apos;s /Contents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed bytes do not end where a revision of the file ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature dictionary is not covered by the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature&apos;s /Contents holds no CMS signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature&apos;s /Contents holds data after the CMS signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The font for the visible signature cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SHA-1 digest has 20 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate in the Trusted List is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time-stamp proves the signature was made at %1, after the signer&apos;s certificate had expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OCSP responder does not know the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OCSP responder does not know a certificate authority&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation data of the signer&apos;s certificate is out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation data of a certificate authority&apos;s certificate is out of date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation data of the signer&apos;s certificate could not be verified (wrong signature or responder, another certificate, malformed or an error answer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation data of a certificate authority&apos;s certificate could not be verified (wrong signature or responder, another certificate, malformed or an error answer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation status of the signer&apos;s certificate could not be obtained: the revocation service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The revocation status of a certificate authority&apos;s certificate could not be obtained: the revocation service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No acceptable revocation data (OCSP or CRL) was found for the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No acceptable revocation data (OCSP or CRL) was found for a certificate authority&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference has an unexpected transform chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference uses a transform that is not accepted (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference has no digest method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signature reference has no digest value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing-certificate property does not name the certificate in the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature lacks the signing-certificate property binding the signer&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exchange message is not acceptable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inbox entry does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The outbox entry does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other administration did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A follow-up in a case file cannot take a reserved number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number was not reserved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number is already taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such active desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A leased block holds 1 to %1 numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk is disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reserve the numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lease was already returned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such lease.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unused leased number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number is not in a lease of this desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A leased number needs its number and its year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exchange is not enabled in this configuration ([exchange] enabled).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued as %1 (document GUID %2); delovod-server delivers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>send a registered document to another administration over СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The delovod-server configuration file with [exchange].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A comment for the receiver.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This command works without a database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --ocr or --no-ocr, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build has no text recognition (OCR); scan with --no-ocr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the profile: recognise the text (searchable PDF).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override the profile: no text recognition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tsa is supported for cades and pades signatures only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs FILE as a detached CAdES signature (FILE.p7s), a PAdES signature inside a PDF (NAME-signed.pdf) or an enveloped XAdES signature inside an XML document (NAME-signed.xml); without --format the format follows the file&apos;s content. The key is a PKCS#12 file whose password is in the environment variable named by --pass-env, or the first qualified certificate (or --key-id) of the token with the given label, whose PIN is in the variable named by --pin-env. Signatures are baseline B; with --tsa (http:// URL of an RFC 3161 time-stamping authority) CAdES and PAdES signatures are time-stamped (baseline T). Exits with 0 when signed, 1 for a wrong command line and 2 when signing failed (wrong PIN, expired certificate ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The RFC 3161 time-stamping authority (http://) for baseline T.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the certificate file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file is not a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --certificate or --fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered desk %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed desk %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the block size with --count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leased numbers %1 to %2 of %3 to desk %4; lease %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease returned; %1 unused numbers annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register a desk (workstation) by its TLS client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registers a workstation that may sync with the server, known by the SHA-256 fingerprint of its TLS client certificate: give the certificate file (PEM or DER) or the fingerprint. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desk&apos;s client certificate (PEM or DER).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SHA-256 fingerprint of the certificate, in hex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the desks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the registered desks, also removed ones. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove a desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disables a desk for good: its sessions end and its certificate is refused. Its record stays for the journal. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease a block of a register&apos;s numbers to a desk for outages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserves the next N numbers of the register in the current year for the desk, which uses them while it cannot reach the server. Return the lease when the outage is over: the unused numbers are then annulled. Journalled; needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register&apos;s code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry&apos;s code, when several have the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desk&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many numbers (1 to 1000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end a lease and annul its unused numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends the lease; each number the desk did not use becomes an annulled entry with the reason, so the register has no gaps and the numbers are never used again. Journalled; needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the numbers are annulled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the leased number blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the leases, newest first, of one desk with --desk. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this desk&apos;s leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/certificate holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/key is no unencrypted PEM private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/key does not belong to the exchange/certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/peers_ca holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivering the outbox failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delivered %n exchange message(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Exchange: enabled for %1 (%2); the certificate, key and peers&apos; CA are valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[exchange] is enabled, but this server was built without the exchange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange: disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/enabled must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/guid must be our administration&apos;s GUID from the registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/identifier must be our identifier (ЕИК) from the registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/name must be our administration&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/certificate, exchange/key and exchange/peers_ca must be set when the exchange is enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/delivery_interval_s must be a number from 1 to 86400</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desk needs a file for its local replica.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office has no administrator yet to register this desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an embedded office publishes its own data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk does not have the entry yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field %1 must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field %1 must be 1 to %2 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field %1 must be Base64 text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field %1 is not valid Base64 or is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The applicant is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The applicant&apos;s kind must be &quot;citizen&quot; or &quot;company&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ЕГН is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ЕИК is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client reference must be printable ASCII without spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attachments must be a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An application may carry at most %1 attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each attachment must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No application matches this registration index and access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client reference was already used for another application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The required attachment &quot;%1&quot; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server cannot store attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed attachments cannot be checked by this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This service is no longer offered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No application is registered under this index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application has an unknown status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An application cannot go from &quot;%1&quot; to &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the applicant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications are entered in an incoming register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each service must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline must be a number of working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fee must be a number of cents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The required attachments must be a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ИИСДА number must be 1 to %1 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service needs a name of at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline must be from 1 to %1 working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fee must not be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service needs a responsible unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service needs the register its applications are entered in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A service may require at most %1 attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each required attachment needs its own code of lower-case letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each required attachment needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file must hold a list &quot;services&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no service with this ИИСДА number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSV file could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: open data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public registers of %1, without personal data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day is not a valid date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day of the journal is not sealed (yet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a journal summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry of the register is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register definition in the database is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no register with this code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register code is a lower-case Latin letter or digit followed by at most 62 letters, digits or hyphens, e.g. &quot;permits&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register needs a title of at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The licence is given as its http(s) address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register needs between 1 and %1 fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two fields are named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown property &quot;%1&quot; in a register definition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is true or false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register definition needs a list of fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each field is a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register &quot;%1&quot; has no field &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a value is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register has no entry with this number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register was changed meanwhile; please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry was changed meanwhile; reload it and apply your change again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry is already linked to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field name is a lower-case Latin letter followed by at most 62 letters, digits or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the field name &quot;number&quot; is reserved for the entry number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field needs a label of at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an enumeration needs between 1 and %1 values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the values of an enumeration must be distinct, non-empty and without surrounding spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only an enumeration has a list of values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ЕГН field cannot be public.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a single value is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text contains control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a decimal number is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a decimal number such as 12.50 is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date such as 2026-12-04 is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes or no (true or false) is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ЕГН of ten digits is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ЕИК of 9 or 13 digits is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of these values is expected: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown property &quot;%1&quot; in a field definition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field needs a type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field type &quot;%1&quot; (text, integer, decimal, date, boolean, egn, eik or enum).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;values&quot; is a list of texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register with this code already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field cannot be removed from a register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the type of a field cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a value cannot be removed from an enumeration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field cannot become required while the register has entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new field cannot be required while the register has entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No registry service in this configuration ([exchange] registry_url).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Participant registry refreshed: %1 record(s), %2 skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh the СЕОС participant registry from the registry service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks the registry service of the [exchange] section (registry_url, with the transport certificate) for the changes since the last one seen, or for all records the first time or with --full, and updates the offline copy. delovod-server does the same periodically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch all records and replace the copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format &apos;%1&apos; (csv, json, schema or dcat).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the register %1 (%2 entries) as %3 to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journal still matches the published summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journal no longer matches the published summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the journal summary of %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export a municipal register as open data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes the municipal register CODE as open data: csv (RFC 4180, UTF-8, a header row of field names), json (the entries, described by the JSON Schema that schema writes) or dcat (its DCAT-AP catalogue entry as JSON-LD). ЕГН fields and fields that are not public are never exported. The addresses in the schema and the catalogue start with --base-url (default: $DELOVOD_OPENDATA_URL, else the server&apos;s default public address). The file is replaced only when the export succeeds. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv (default), json, schema or dcat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public address of the open data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export or check the sealed journal summary of a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes the published summary of a sealed day of the audit journal (default: yesterday, UTC): the number of entries per kind, the day&apos;s seal hash and the chain head, without personal data; the server publishes the same at /opendata/journal/DATE.json. With --check, compares a summary published earlier with the journal now and exits with 3 when anything of that day was altered since. Needs the auditor or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day (yyyy-MM-dd or dd.MM.yyyy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write; standard output without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A summary published earlier, to check against the journal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped by Ctrl-C (&apos;scan&apos; stops the scanner and saves the pages read before).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted: stopping the scanner (Ctrl-C again quits at once) …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning was cancelled; no page was scanned, nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Scanning was cancelled; the %n page(s) scanned before are saved.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Scans a batch from a scanner (the first one found unless --device names one) with a scan profile and writes it as PDF/A: one file when the profile does not split the stack, else one file per document (FILE-1.pdf, FILE-2.pdf …, split on separator sheets, which are left out). With --import, existing PDF, JPEG, PNG and TIFF files go through the same pipeline as if scanned. Pages read before a paper jam or another scanner error are saved, and the command then exits with 2. Ctrl-C stops the scanner: the page being read is dropped, the pages read completely before it are saved as above and the command exits with 130; a second Ctrl-C quits at once without saving anything. Progress goes to standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--deadline is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--attachment takes CODE=TITLE, e.g. sketch=Скица.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service %1 &quot;%2&quot; is in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ИИСДА</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The status must be one of in_progress, waiting_applicant, done, refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application %1 is now &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add or change an administrative service of the catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds the service with this number from the administrative register (ИИСДА), or replaces the one with the same number: its name, its statutory deadline in working days, its fee in cents, the attachments an application must carry (one --attachment per attachment, as a code the portal sends and a title) and the responsible unit. Applications are entered in the incoming register --register. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statutory deadline in working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fee in cents (default 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A required attachment (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The responsible unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The incoming register of the applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registry of the register, when ambiguous.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the catalogue of administrative services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints every service with its ИИСДА number, deadline, fee, required attachments and responsible unit; --json prints the format service import reads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import administrative services from a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads {&quot;services&quot;:[{&quot;iisdaNumber&quot;,&quot;name&quot;,&quot;deadlineWorkingDays&quot;,&quot;feeCents&quot;,&quot;requiredAttachments&quot;:[{&quot;code&quot;,&quot;title&quot;}],&quot;responsibleUnit&quot;,&quot;registerId&quot;}]} and adds or replaces each service, all or none. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change the status of an application for a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moves the application registered under INDEX to in_progress, waiting_applicant, done or refused. Waiting for the applicant stops the deadline; leaving it resumes the deadline with the working days that were left. The citizen sees each change on the status page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to put in the barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code 128 carries Latin letters and digits only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The barcode could not be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text does not fit in a barcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scanned page could not be read back to turn it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No temporary folder could be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work against delovod-server at this address (https://host:port).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --server: this desk&apos;s certificate (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --server: its private key (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --server: the CA of the server&apos;s certificate (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk&apos;s code in provisional numbers (ВР-CODE-n).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk&apos;s local replica (a file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --server or --database, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--server needs an https:// address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--server needs this desk&apos;s certificate and key (--cert, --key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--demo works only on an embedded office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application must be sent as JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body is not valid JSON (at byte %1: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-service intake is not set up on this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application could not be stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter both the registration index and the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The status cannot be shown now. Please try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is not a CAdES (CMS) signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature must be detached from the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not match the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status of an application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the registration index and the access code you received when you applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts from your address. Please try again in %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>stopped while we wait for you; %n working day(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents of the case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check another application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing the participant registry failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot turn off client certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The open data could not be read; please try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public listener: %1:%2; the certificate and key are valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving the public pages on https://%1:%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public/port must be a number from 0 (any free port) to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public/address must be an IP address or &apos;localhost&apos;, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public/certificate and public/key must be set together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public/requests_per_minute must be a number from 1 to 1000000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public/burst must be a number from 1 to 1000000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/registry_url must be an https URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/registry_refresh_interval_s must be a number from 60 to 604800</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a case file, an entry or a resolution first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file&apos;s content was not uploaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file&apos;s SHA-256 is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an incomplete file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file received does not match its SHA-256.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The co-executors must be a list of user ids.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline is not a valid date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of working days is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file needs the document or the registration it belongs to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration of this file is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration of this file was refused; the file cannot be kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is larger than the office accepts (%1 MB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The uploaded file does not have the size sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk has no place for files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A download needs a SHA-256 and an offset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The offset is past the end of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The response could not be read; please try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued for sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered, awaiting registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered by the recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered by the recipient as %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected by the recipient: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already received by the recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed by the recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped by the recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found at the recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the administration to send to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is not valid UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a quoted field is not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a double quote inside a field that does not start with one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text after the closing double quote of a field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has more than %1 rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row 1: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>column %1 has no field name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the register has no field &quot;%1&quot; (column %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name of column %1 is not a field of the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; has two columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the required field &quot;%1&quot; has no column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is too large (at most %1 MiB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: its first row must name the fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row has %1 cells, the header %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Between 1 and %1 entries can be listed at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part of the message cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the message was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part of the message cannot be placed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register definition is not valid JSON (line %1, column %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A register definition is a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--set takes NAME=VALUE, e.g. issued_on=2026-12-04.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is set twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry is given by its number: 1, 2, …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 of the register %2 (version %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register %1 &quot;%2&quot; is changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register %1 &quot;%2&quot; is defined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give what to change: --set NAME=VALUE, --document INDEX or --case INDEX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no entries; nothing was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 entries into the register %2 (numbers %3 to %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A field&apos;s value (repeatable); an empty VALUE clears it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link the entry to the document registered under this index (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link the entry to the case file opened under this index (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>define a municipal register from a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a municipal register (a register of permits, of shops …) from its definition in FILE, or from standard input for -: {&quot;code&quot;, &quot;title&quot;, &quot;description&quot;, &quot;license&quot;, &quot;published&quot;, &quot;fields&quot;: [{&quot;name&quot;, &quot;label&quot;, &quot;type&quot;, &quot;required&quot;, &quot;public&quot;, &quot;values&quot;}]}. Field types: text, integer, decimal, date, boolean, egn, eik and enum (with its &quot;values&quot;). ЕГН fields are never public and never exported. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change a municipal register&apos;s definition from a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the register with the definition&apos;s code: its title, description, licence, publication, the labels and public flags of fields; an enumeration may gain values and the register new fields at the end. A field&apos;s type never changes and no field is removed. &apos;show&apos; prints the definition to edit. Needs the administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the municipal registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints every municipal register with its number of fields and entries and whether its open data is published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>print a municipal register&apos;s definition as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints the definition of the register CODE in the JSON form that define and update read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add an entry to a municipal register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds an entry with the register&apos;s next number. Values are written as in the forms: dates as 2026-12-04 or 04.12.2026, decimals with . or ,, booleans as true/false or да/не. --document and --case link the entry to a registered document or a case file in the same transaction. Needs the clerk or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change an entry of a municipal register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sets the given fields of entry NUMBER (an empty value clears a field) and links it to documents and case files. With --expect-version the change is refused when the entry is no longer at that version. Every change is kept in the entry&apos;s history. Needs the clerk or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The version the entry must still be at.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list the entries of a municipal register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints the entries of the register CODE in number order, at most --limit (default and at most 10000) after the entry --after. ЕГН values are masked for users who may not see personal data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the entries after this number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List at most N entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show the history of an entry of a municipal register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints every change of entry NUMBER field by field, oldest first: the version, when, who, the old and the new value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add many entries to a municipal register from a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads FILE (or standard input for -) as CSV (RFC 4180, UTF-8, with or without a byte-order mark): a header row of field names, then one entry per row; an empty cell is no value. All rows are added in one transaction, or none: an error names the row (the header is row 1) and the field, never the value. Needs the clerk or administrator role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 holds no certificate (PEM or DER).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 holds no certificate files (*.pem, *.crt, *.cer, *.der).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON file could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a register and a period whose start is not after its end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address must be https://host or https://host:port, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server desk needs its certificate and private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is not a certificate in PEM form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is not a private key in PEM form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is not a valid file or URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder of the database %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the card&apos;s PKCS#11 module (p11-kit-proxy.so by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 module %1 cannot be loaded: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a PKCS#11 module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing into a PDF needs a file name after &quot;pdf:&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language must be Bulgarian (bg) or English (en).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trusted certificates %1 do not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing the participants to the desks failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open data: %1, published by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/base_url must be an absolute http or https URL without query or fragment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/homepage must be an absolute http or https URL without query or fragment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/contact_email must be an e-mail address such as opendata@sofia.bg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/publisher must be at most %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/catalog_title must be at most %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opendata/catalog_description must be at most %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must not contain control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message could not be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered by the recipient %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a document routed for signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an open outgoing register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose who signs the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for returning the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such document routed for signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file is not the routed draft with a signature added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file has no signature after the draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature of the signed file does not cover the whole file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file&apos;s signature is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed file&apos;s signature is empty or damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The uploaded file could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may not sign outgoing documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This document is already signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This document was returned to its author.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This document was withdrawn by its author.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the official it was routed to may sign or return this document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind of document is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The СЕОС recipient is not a valid GUID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the СЕОС exchange is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The author of this document is no longer an active user; return it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the author may withdraw a document routed for signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This document is no longer awaiting signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be stored; please try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Delovod server.

--check-config validates the configuration (and the TLS files when set), checks that the database opens and that its schema is current; --migrate brings the schema up to date; --serve runs the HTTPS service until SIGTERM or SIGINT, then finishes the requests in flight and exits. Without any of these, the program serves when the configuration has the [tls] settings and otherwise says that it cannot serve (exit status 2).

The database is taken from --database, else from [database] url in the configuration file, else from $DELOVOD_DATABASE: sqlite:/path/to/file.db or postgresql://user:password@host:port/name (?host=/run/postgresql for a Unix socket).

Configuration file (INI; only [database] url and [tls] are needed to serve):
  [database]
  url=sqlite:/var/lib/delovod/delovod.db
  [http]
  address=127.0.0.1
  port=8080
  threads=2
  [tls]
  certificate=/etc/delovod/server.crt   (PEM, TLS 1.2 or newer only)
  key=/etc/delovod/server.key
  client_ca=/etc/delovod/desks-ca.crt   (desks must present a certificate from it)
  [limits]
  max_header_bytes=16384
  max_body_bytes=9437184
  request_timeout_ms=30000
  idle_timeout_ms=60000
  shutdown_timeout_ms=10000
  spool_dir=/var/lib/delovod/blobs/spool (bodies over 1 MiB; default: spool in the blob directory)
  [exchange]                             (Article 18 / СЕОС; off unless enabled=true)
  enabled=true
  guid={…}                               (our administration&apos;s GUID in the registry)
  identifier=000695089                   (our identifier / ЕИК in the registry)
  name=…                                 (our administration&apos;s name)
  certificate=/etc/delovod/exchange.crt  (transport certificate, PEM: TLS client and message signing)
  key=/etc/delovod/exchange.key          (its key, PEM, unencrypted)
  peers_ca=/etc/delovod/peers-ca.crt     (CA(s) of the peers&apos; server certificates)
  delivery_interval_s=60                 (how often the outbox is delivered)
  max_message_bytes=157286400            (the largest Submit accepted; spooled to disk)
  [public]                               (citizens&apos; HTTPS listener, no client certificate; on when certificate and key are set)
  address=0.0.0.0
  port=8443
  certificate=/etc/delovod/public.crt
  key=/etc/delovod/public.key
  requests_per_minute=30                 (status checks per client address)
  burst=10
  [eservices]                            (applications from the e-service portal)
  user=eportal                           (the user the intake registers as; empty: no intake)
  trust_anchors=/etc/delovod/signers.pem (CA(s) for signed attachments, optional)
With [eservices] user set, the portal submits applications on POST /api/v1/eservices/applications (mutual TLS); citizens check them on /eservices/status of the public listener.
With [exchange] enabled the server answers Submit on POST /EGovExchange (the peers&apos; client certificates must come from a CA in [tls] client_ca) and delivers the outbox in the background.

Each request is logged on standard error as one line (method, path, status, bytes, duration, client certificate fingerprint prefix); bodies and query strings are never logged.

Exit status: 0 success, 1 wrong command line, 2 failure (the reason is on standard error).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exchange/max_message_bytes must be a number from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card was found. Insert the card into the reader.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing with the preferred certificate “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card holds no certificate to sign with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing with the certificate “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preferred certificate is not on the card; signing with “%1” instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Builds a signed registration request for the document registered under INDEX (its number, date, kind and subject, with the newest version of each of its files) to the participant with this GUID in the registry copy, and puts it in the outbox; delovod-server delivers it. Our identity and transport key are the [exchange] section of the server&apos;s configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::AnnulDialog</name>
    <message>
        <source>Annul entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annul the entry &lt;b&gt;%1&lt;/b&gt;? The entry stays in the register, marked void; this cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not annul entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for the annulment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::BatchSignJob</name>
    <message>
        <source>Looking for the card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing %1 of %2 (the card may ask for the PIN)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CaseTreeModel</name>
    <message numerus="yes">
        <source>Case file (%n document(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(restricted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject / title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CasesDock</name>
    <message>
        <source>Case files and tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case f&amp;iles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My tas&amp;ks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overd&amp;ue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CasesPanel</name>
    <message>
        <source>&amp;Open case file from entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a case file with the selected entry as its base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ttach entry to case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the selected entry to the case file selected in the tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign &amp;resolution…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case file on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 into case file %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CertifyDialog</name>
    <message>
        <source>Certify as a true copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certifying was cancelled; the document is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document could not be certified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is certified as a true copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not certified.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CertifyJob</name>
    <message>
        <source>True copy of the original</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::CommandStatusLabel</name>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: sent, waiting for the server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::DialogPinProvider</name>
    <message>
        <source>The PIN cannot be asked on the window&apos;s own thread.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN entry was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::DocumentView</name>
    <message>
        <source>Find in the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a PDF document that can be shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dms::EntryDetailsView</name>
    <message>
        <source>Registered as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entry to see its registration data and history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correspondent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisional number of this desk: the server gives the official number when it is reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received at the desk as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::EntryFilesView</name>
    <message>
        <source>%1 (%2, not yet sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, version %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the file from the office…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be shown: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::MainWindow</name>
    <message>
        <source>Delovod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register incoming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register an incoming document (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annul…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annul the selected entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by index, subject, correspondent or text (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating demonstration data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data generation was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data could not be generated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Demo data: %n entries registered.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %L1 entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Commands the server refused: look at them and do them again if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached; work goes on and is sent later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached (%1); work goes on and is sent later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online (this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online, with conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received as %1; waiting for the official number…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulment of %1 sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print &amp;receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print &amp;label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cer&amp;tify the scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan was not kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt is printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt could not be printed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label is printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label could not be printed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan is certified; the copy goes to the office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan is not certified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport register…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register of the search &quot;%1&quot; is not on this desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A saved search needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries exported to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The settings are saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::MyTasksPanel</name>
    <message>
        <source>Report (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rep&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution on %1 done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::OutgoingActions</name>
    <message>
        <source>&amp;Outgoing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New outgoing document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send by &amp;СЕОС…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office does not run the СЕОС exchange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not send documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registered entry to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a numbered, active entry can be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected entry to another administration by СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a&amp;gain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office does not send again by СЕОС.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entry whose sending failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected entry again to the administrations it could not be sent to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is queued to be sent again to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be queued to be sent again: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::OutgoingDialog</name>
    <message>
        <source>New outgoing document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF to sign and send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of a known correspondent (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send by СЕОС to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recipient:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and &amp;register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending by СЕОС is not available: the office does not run the exchange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending by СЕОС is not available: no participants are known yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No correspondent is called &quot;%1&quot;. Choose a known one or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the PDF file of the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no outgoing register to register the document in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the kind of document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the administration to send to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed copy cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed electronically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; nothing was registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed; nothing was registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document could not be signed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered, but the signed file could not be attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered, but it could not be queued for sending: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route for si&amp;gning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Have an official sign it with their card; it is registered once signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document could not be routed for signing: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::OverduePanel</name>
    <message>
        <source>Executor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Overdue on %1: %n resolution(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All executors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::PadesSignJob</name>
    <message>
        <source>Check the PIN and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was removed before the document was signed. Insert it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing (the card may ask for the PIN)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::PinDialog</name>
    <message>
        <source>Card PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the signature PIN of %1 to sign with &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the PIN of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the PIN on the card reader&apos;s keypad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A wrong PIN was entered before: only a few tries are left before the PIN is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the last try: a wrong PIN now locks the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN is locked. Unblock it with the PUK or contact the issuer of the card.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RegisterExportDialog</name>
    <message>
        <source>Export a register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (UTF-8, comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries still awaiting their number are not exported; restricted entries only for those who may read them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period starts after it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RegisterIncomingDialog</name>
    <message>
        <source>Register incoming document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. application, complaint, letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the beginning of a name; optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens a case &amp;file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;gister:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;orrespondent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Access:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no open register to register in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no correspondent called “%1”. Choose one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several correspondents are called “%1”. Choose one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not register documents on this desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the scanner has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the scan…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RegisterModel</name>
    <message>
        <source>%1; access: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correspondent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provisional number of this desk; the server gives the official one when it is reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RegistrationActions</name>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::ResolutionDialog</name>
    <message>
        <source>Resolution on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is to be done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;No deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In &amp;working days:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;y date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Executor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Co-executors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Instruction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the executor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The executor cannot also be a co-executor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the instruction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instruction is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadline is in the past.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due on %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) from today.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This is not a working day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resolution has no deadline.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::ResolutionListModel</name>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (+%n co-executor(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Executor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RouteForSigningDialog</name>
    <message>
        <source>Route for signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For the signer (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one who may sign outgoing documents is known on this desk yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Signer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose who signs the document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note is too long (at most %1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::RoutedDocumentsPanel</name>
    <message>
        <source>&amp;Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take back the selected document before it is signed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SavedSearchesPanel</name>
    <message>
        <source>Saved searches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save current…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::ScanPageModel</name>
    <message>
        <source>Sheet %1 (failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Being processed…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::ScanPanel</name>
    <message>
        <source>Find scanners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeder: stop after this many pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for scanners…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanner found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scanner(s) found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a scanner first (Find scanners).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading page %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) read.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. The pages read so far are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pages read before the error are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no finished pages to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SendDialog</name>
    <message>
        <source>Send %1 by СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No participants of the exchange are known yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SettingsDialog</name>
    <message>
        <source>Ask with the print dialog each time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printers and the scanner defaults apply at once; the connection, the card, the language and the trusted certificates at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file or a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s database (embedded office)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office&apos;s server (delovod-server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default file in the application&apos;s data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database (file or URL):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desk&apos;s &amp;certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its private &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s C&amp;A:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose when scanning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find scanners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scanner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 &amp;module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Receipts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stamp &amp;labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;pdf:FILE&quot; prints into a PDF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: signatures cannot be traced to a trusted authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trusted certificates (file or folder):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes at the next start of Delovod.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first qualified certificate on the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ead the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the certificates on the card in the reader to choose from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred si&amp;gning certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certifying scans and signing outgoing documents use it when its card is in the reader, otherwise the first qualified certificate (and say so).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate with SHA-256 %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate labelled “%1” on the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card reader&apos;s module could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (issued by %2, valid until %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card was found. Insert the card into the reader.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SignatureModel</name>
    <message>
        <source>%1 (claimed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SignaturePanel</name>
    <message>
        <source>Checking the signatures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n signature(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dms::SignatureQueuePanel</name>
    <message>
        <source>&amp;Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign the selected documents with your card (one PIN for all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;turn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the documents to sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the drafts from the office…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The draft could not be fetched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed copies cannot be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed electronically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; nothing was signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) signed and sent to be registered.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Signed, but not queued: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one document to return.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to the author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is “%1” returned?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for returning the document.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SigningRouteModel</name>
    <message>
        <source>Awaiting signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed, registered as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent by СЕОС</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SigningRoutesDock</name>
    <message>
        <source>Routing for signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For si&amp;gnature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My routed &amp;documents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dms::SyncConflictsDialog</name>
    <message>
        <source>Registration %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annulment: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New correspondent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused these commands of this desk. Nothing of them was recorded; do the work again where it is still needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Delovod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 has no users yet. Initialise it with `delovodctl init`, or fill it with demonstration data with --demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot sign in as %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
