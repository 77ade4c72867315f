"""The normalised form rule patterns and lexicon terms are written against."""

from cleaners.normalise import normalise


def test_every_quote_dash_and_odd_space_becomes_its_plain_form_wherever_it_stands():
    text = ("\u201cIt\u2019s \u2018done\u2019\u201d \u2013 \u00abcasi\u00bb \u201ejetzt\u201c "
            "\u2014 2\u22121 \u201aa\u201b b\u2032 \u201fd\u201d zero\u200bwidth"
            "\u00a0nbsp \u2019\u2019")
    assert normalise(text) == ("\"it's 'done'\" - \"casi\" \"jetzt\" - 2-1 'a' b' \"d\" "
                               "zerowidth nbsp ''")


def test_white_space_of_any_script_is_one_space_and_none_at_the_ends():
    assert normalise("\u3000 Ein\u2003Satz\t\n\x1cmit\u202f\u205fLücken \u2029") == (
        "ein satz mit lücken")
    assert normalise("  Plain ASCII,\tTwo  Spaces ") == "plain ascii, two spaces"


def test_full_width_forms_and_drawn_rules_are_folded():
    assert normalise("ＡＢＣ１２３ ____ x -----") == "abc123 x"
