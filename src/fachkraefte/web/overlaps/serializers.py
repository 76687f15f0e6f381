from rest_framework import serializers

from fachkraefte.web.overlaps.models import OverlapCandidate


class PassageSerializer(serializers.Serializer):
    text_a = serializers.CharField(help_text="Passage dieses Antrags")
    text_b = serializers.CharField(help_text="ähnlichste Passage des Vergleichs")
    similarity = serializers.FloatField(help_text="semantische Ähnlichkeit der Passagen (0–1)")
    terms = serializers.ListField(child=serializers.CharField(), help_text="gemeinsame Stämme")


class StructureSerializer(serializers.Serializer):
    same_districts = serializers.ListField(child=serializers.CharField(), help_text="AGS")
    neighbouring_districts = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Paare (eigener Kreis, Nachbarkreis des Vergleichs), AGS",
    )
    shared_occupations = serializers.ListField(
        child=serializers.CharField(), help_text="KldB-Berufsgruppen"
    )
    shared_target_groups = serializers.ListField(child=serializers.CharField())
    period_overlap_days = serializers.IntegerField(allow_null=True)


class CandidateSerializer(serializers.ModelSerializer):
    passages = PassageSerializer(many=True)
    structure = StructureSerializer()

    class Meta:
        model = OverlapCandidate
        fields = [
            "rank",
            "candidate_key",
            "candidate_proposal",
            "candidate_project",
            "title",
            "place",
            "score",
            "semantic",
            "lexical",
            "is_duplicate",
            "shared_terms",
            "passages",
            "structure",
        ]


class InspirationSerializer(serializers.ModelSerializer):
    class Meta:
        model = OverlapCandidate
        fields = ["rank", "candidate_project", "title", "place", "score"]


class OverlapAnswerSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OverlapCandidate.Kind.choices)
    computed_at = serializers.DateTimeField(allow_null=True)
    stale = serializers.BooleanField(help_text="Antrag seit der Berechnung geändert")
    duplicate_threshold = serializers.FloatField()
    candidates = CandidateSerializer(many=True, help_text="kind=check")
    inspiration = InspirationSerializer(many=True, help_text="kind=inspiration")
